"""The one text fingerprint: made by nlp.fingerprint at ingest, compared by graph.analytics.lsh, and the same
for the three former paths (etl dedupe, copy detection, story grouping) and for coordination."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import nlp.fingerprint as fpmod
from etl.extraction.article import ArticleRecord
from etl.items import PageItem
from etl.pipelines import NearDuplicatePipeline, article_rows
from etl.social_import import post_rows
from etl.state import StateStore
from etl.urls import outlet_id
from graph.analytics.cascades import group_stories
from graph.analytics.coordination import coordinated_groups
from graph.analytics.lsh import LshIndex, band_keys, similarity
from graph.analytics.propagation import analyse_cascades, as_events
from nlp.fingerprint import content_hash, fingerprint, fingerprinted, is_current, normalise

OLD_STYLE = ("Hoà Bình: thuỷ điện Hoà Bình mở thêm cửa xả đáy, Uỷ ban nhân dân tỉnh đề nghị người dân vùng hạ du "
             "sông Đà chủ động phòng tránh, không đánh bắt cá gần đập thuỷ điện")
NEW_STYLE = ("Hòa Bình: thủy điện Hòa Bình mở thêm cửa xả đáy, Ủy ban nhân dân tỉnh đề nghị người dân vùng hạ du "
             "sông Đà chủ động phòng tránh, không đánh bắt cá gần đập thủy điện")
UNRELATED = "Giá vàng hôm nay tăng mạnh trên thị trường thế giới, nhà đầu tư lo ngại lạm phát kéo dài sang năm sau"


def test_doctests_run() -> None:
    res = doctest.testmod(fpmod)
    assert res.attempted >= 8 and res.failed == 0


def test_tone_variants_are_one_fingerprint_and_one_content_hash() -> None:
    assert OLD_STYLE != NEW_STYLE
    assert fingerprint(OLD_STYLE) == fingerprint(NEW_STYLE)
    assert similarity(fingerprint(OLD_STYLE), fingerprint(NEW_STYLE)) == 1.0
    assert content_hash(OLD_STYLE) == content_hash(NEW_STYLE) == content_hash(NEW_STYLE.upper() + " !!!")
    assert content_hash("") is None and content_hash(None) is None


@pytest.mark.parametrize("copy", [
    "Copy: " + NEW_STYLE, "Nghe nói " + OLD_STYLE + " 😱", "Trời ơi: “" + NEW_STYLE + "”!!!",
    NEW_STYLE.replace("chủ động", "khẩn trương"),
])
def test_near_copies_score_high_unrelated_low(copy: str) -> None:
    assert similarity(fingerprint(NEW_STYLE), fingerprint(copy)) >= 0.75
    assert similarity(fingerprint(UNRELATED), fingerprint(copy)) < 0.2


def test_estimate_follows_exact_jaccard_of_byte_shingles() -> None:
    a = NEW_STYLE
    b = a.replace("sông Đà chủ động phòng tránh", "sông Đà phòng tránh")

    def shingles(t: str) -> set[bytes]:
        d = normalise(t).encode()
        return {d[i:i + fpmod.SHINGLE] for i in range(len(d) - fpmod.SHINGLE + 1)}

    exact = len(shingles(a) & shingles(b)) / len(shingles(a) | shingles(b))
    assert abs(similarity(fingerprint(a), fingerprint(b)) - exact) < 0.15


def test_stored_form_and_short_texts() -> None:
    fp = fingerprint(NEW_STYLE)
    assert len(fp) == fpmod.HEX_CHARS and fp == fp.lower() and is_current(fp)
    assert similarity(fp, bytes.fromhex(fp)) == 1.0 and len(band_keys(fp)) == 16
    assert fingerprint("Tin chính thức đây") == "" and fingerprint(None) == "" and is_current("")
    assert not is_current(None) and not is_current("ab" * 512)  # the old nlp.fingerprints hex: recomputed
    assert similarity("", fp) == 0.0 and band_keys("") == []
    assert fingerprinted({"text": NEW_STYLE})["fingerprint"] == fp
    assert fingerprinted({"text": UNRELATED, "fingerprint": fp})["fingerprint"] == fp  # a current one is kept
    assert np.frombuffer(bytes.fromhex(fp), "<u2").size == fpmod.NUM_SLOTS


def _page(url: str, title: str, lead: str, text: str, published: str) -> PageItem:
    item = PageItem(url=url, final_url=url, status=200, headers={}, body=b"", captured_at=published,
                    detected_at=published)
    item.record = ArticleRecord(url=url, canonical_url=url, outlet_id=outlet_id(url), title=title, lead=lead, text=text,
                                published_at=published).to_dict()
    return item


def test_dedupe_copy_detection_story_grouping_and_coordination_agree(tmp_path) -> None:
    """The Hoà/thuỷ spelling of one text joins the original on every path, through the same stored value."""
    title = "Thủy điện Hòa Bình mở cửa xả đáy"
    lead = "Người dân vùng hạ du được khuyến cáo chủ động phòng tránh."
    body = NEW_STYLE
    # 1. etl dedupe at ingest: the copy at another outlet is recorded as COPIES of the original
    dedupe = NearDuplicatePipeline(StateStore(tmp_path / "state.sqlite"), threshold=0.6)
    orig = dedupe.process_item(_page("https://baophutho.vn/a.htm", title, lead, body, "2025-07-01T08:00:00+07:00"))
    copy = dedupe.process_item(_page("https://tinnhanh.vn/b.htm", title.replace("Thủy", "Thuỷ").replace("Hòa", "Hoà"),
                                     lead, OLD_STYLE, "2025-07-01T09:00:00+07:00"))
    assert copy.copies == [("https://tinnhanh.vn/b.htm", "https://baophutho.vn/a.htm", 1.0)]  # (copy, original)
    assert orig.fingerprint == copy.fingerprint == fingerprint(title, lead, body)
    art_row = article_rows(orig, set())["load/articles"][0]
    assert art_row["fingerprint"] == orig.fingerprint
    # the same text as a post (social ingest) carries the same fingerprint as the article
    post_row, _, _ = post_rows({"platform": "facebook", "post_id": "9", "account": "x", "text": f"{title}\n{lead}\n{body}",
                                "created_at": "2025-07-01T10:00:00+07:00"})
    assert post_row["fingerprint"] == art_row["fingerprint"]

    # 2 + 3. story grouping and copy detection over the stored fingerprints (no text reaches the analysis)
    def post(pid: str, account: str, minute: int, text: str, **extra) -> dict:
        row, _, _ = post_rows({"platform": "facebook", "post_id": pid, "account": account, "text": text,
                               "created_at": f"2025-07-01T08:{minute:02d}:00+07:00"})
        return {"id": row["id"], "account": row["account_id"], "created_at": row["created_at"],
                "fingerprint": row["fingerprint"], **extra}

    events = [post("1", "a", 0, NEW_STYLE), post("2", "b", 5, "x", parent_id="facebook:1"),
              post("3", "c", 9, "Nghe nói " + OLD_STYLE + " 😱"), post("4", "d", 12, UNRELATED)]
    groups = {k: sorted(e.id for e in v) for k, v in group_stories(as_events(events)).items()}
    assert sorted(groups.values()) == [["facebook:1", "facebook:2", "facebook:3"], ["facebook:4"]]
    res = dict(analyse_cascades(events))
    (story,) = [s for s, r in res.items() if "facebook:3" in r["parents"]]
    assert res[story]["parents"]["facebook:3"] == "facebook:1" and res[story]["how"]["facebook:3"] == "copy"
    # without the fingerprints (what the old text-free projection gave) the copy stays alone
    bare = [{k: v for k, v in e.items() if k != "fingerprint"} for e in events]
    assert len(group_stories(as_events(bare))) == 3

    # 4. coordination keys the two spellings as one content
    recs = [{"account": a, "created_at": t, "fingerprint": fingerprint(txt)}
            for a, t, txt in [("x", 0, NEW_STYLE), ("y", 20, OLD_STYLE), ("x", 100, UNRELATED), ("y", 110, UNRELATED)]]
    assert [g["accounts"] for g in coordinated_groups(recs, by="text", window=60)["groups"]] == [["x", "y"]]

    # and LshIndex over the stored values finds the one and only the one
    idx = LshIndex()
    idx.add("orig", art_row["fingerprint"])
    idx.add("other", fingerprint(UNRELATED))
    assert idx.query(fingerprint(title, lead, OLD_STYLE), threshold=0.6) == [("orig", 1.0)]
