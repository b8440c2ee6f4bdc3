from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from common.errors import EvidenceTamperedError
from etl.coverage import coverage
from etl.evidence import EvidenceStore, export_bundle, verify_bundle
from etl.social_import import RecordError, account_row, import_social, parse_time, post_rows
from etl.sources import Source, load_sources
from etl.spiders.channels import parse_channel_feed
from etl.spiders.feeds import parse_feed, parse_section, parse_sitemap
from etl.spool import Spool
from etl.state import ItemRow, StateStore
from etl.urls import canonicalize, outlet_id
from graph.analytics.lsh import LshIndex
from nlp.fingerprint import fingerprint


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://WWW.Dantri.com.vn:80/a.htm?utm_source=fb&id=3&fbclid=x#c", "http://www.dantri.com.vn/a.htm?id=3"),
        ("https://baophutho.vn/a.htm?zarsrc=30&utm_medium=zalo&gclid=1", "https://baophutho.vn/a.htm"),
        ("https://x.vn//a//b?b=2&a=1", "https://x.vn/a/b?a=1&b=2"),
        ("https://x.vn/tỉnh-phú-thọ", "https://x.vn/t%E1%BB%89nh-ph%C3%BA-th%E1%BB%8D"),
    ],
)
def test_canonicalize(url: str, expected: str) -> None:
    assert canonicalize(url) == expected


def test_canonicalize_rejects_non_web() -> None:
    with pytest.raises(ValueError):
        canonicalize("mailto:a@b.vn")
    assert outlet_id("https://www.baophutho.vn/x") == "baophutho.vn"


def test_evidence_roundtrip_bundle_and_tamper(tmp_path) -> None:
    store = EvidenceStore(tmp_path / "ev")
    body = "<html><body>Tỉnh Phú Thọ</body></html>".encode()
    cap = store.store(body, url="https://baophutho.vn/a.htm", status=200, headers={"ETag": "x"},
                      captured_at=datetime(2025, 7, 3, 1, 0, tzinfo=UTC))
    again = store.store(body, url="https://baophutho.vn/a.htm?utm_source=x", status=200)
    assert cap.sha256 == again.sha256 and store.read(cap.sha256) == body
    assert len(store.captures(cap.sha256)) == 2
    bundle = export_bundle(store, article={"id": "https://baophutho.vn/a.htm", "evidence_sha256": cap.sha256,
                                           "capture_id": cap.capture_id}, copies=[], out=tmp_path / "b.zip")
    assert verify_bundle(bundle).ok
    with zipfile.ZipFile(bundle) as zf:
        capture = json.loads(zf.read(f"pages/{cap.sha256}.capture.json"))
    assert capture["captured_at"] == "2025-07-03T01:00:00+00:00" and capture["status"] == 200
    blob = store.blob_path(cap.sha256)
    import gzip

    blob.write_bytes(gzip.compress(b"<html>changed</html>"))
    with pytest.raises(EvidenceTamperedError):
        store.read(cap.sha256)
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    assert not verify_bundle(tmp_path / "junk.zip").ok


def test_spool_keeps_order_and_survives_failure(tmp_path) -> None:
    from common.errors import DatabaseUnavailableError

    spool = Spool(tmp_path)
    spool.put("load/articles", [{"id": 1}])
    spool.put("load/links", [{"id": 2}])
    seen: list[str] = []

    class Flaky:
        def __init__(self, fail_on: str | None) -> None:
            self.fail_on = fail_on

        def write(self, statement: str, rows: list[dict]) -> None:
            if statement == self.fail_on:
                raise DatabaseUnavailableError("away")
            seen.append(statement)

    res = spool.replay(Flaky("load/links"))
    assert res.batches == 1 and res.remaining == 1 and len(spool) == 1
    res = spool.replay(Flaky(None))
    assert res.batches == 1 and len(spool) == 0 and seen == ["load/articles", "load/links"]


def test_lsh_over_stored_fingerprints_finds_copies_not_unrelated() -> None:
    base = "UBND tỉnh Phú Thọ tổ chức hội nghị xúc tiến đầu tư năm 2025 với sự tham gia của hơn 300 doanh nghiệp " * 3
    copy = base.replace("300", "ba trăm")
    other = "Giá vàng hôm nay tăng mạnh trên thị trường thế giới, nhà đầu tư lo ngại lạm phát kéo dài " * 3
    idx = LshIndex()
    idx.add("a", fingerprint(base))
    idx.add("c", fingerprint(other))
    hits = idx.query(fingerprint(copy), threshold=0.6)
    assert [h[0] for h in hits] == ["a"]


def test_feed_sitemap_section_parsers() -> None:
    rss = b"""<?xml version="1.0"?><rss><channel><item><title>A</title>
      <link>https://baophutho.vn/a-b-c-d-12345.htm?utm_source=rss</link><pubDate>Thu, 03 Jul 2025 01:15:00 GMT</pubDate>
      </item></channel></rss>"""
    items = parse_feed(rss, "https://baophutho.vn/rss/home.rss")
    assert items[0].url == "https://baophutho.vn/a-b-c-d-12345.htm"
    assert items[0].published_at == "2025-07-03T08:15:00+07:00"
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="/x-y-z-w-99999.htm"/>
      <published>2025-07-03T08:15:00+07:00</published></entry></feed>"""
    assert parse_feed(atom, "https://a.vn/feed")[0].url == "https://a.vn/x-y-z-w-99999.htm"
    sm = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://a.vn/p-1.htm</loc><news:news><news:publication_date>2025-07-03T08:15:00+07:00</news:publication_date>
      </news:news></url></urlset>"""
    assert parse_sitemap(sm, "https://a.vn/sitemap-news.xml")[0].published_at == "2025-07-03T08:15:00+07:00"
    idx = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.vn/s/1.xml</loc>
      </sitemap></sitemapindex>"""
    assert parse_sitemap(idx, "https://a.vn/sitemap.xml")[0].is_sitemap
    assert parse_feed(b"<<not xml", "https://a.vn/") == []
    links, nxt = parse_section('<a href="/a-b-c-d-1.htm">x</a><link rel="next" href="/thoi-su/trang-2.htm">',
                               "https://a.vn/thoi-su/")
    assert links == ["https://a.vn/a-b-c-d-1.htm"] and nxt == "https://a.vn/thoi-su/trang-2.htm"


def test_channel_feed() -> None:
    feed = """<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/"
      xmlns="http://www.w3.org/2005/Atom"><yt:channelId>UC1</yt:channelId><author><name>PTV</name></author>
      <entry><yt:videoId>v1</yt:videoId><yt:channelId>UC1</yt:channelId><title>Lễ hội Đền Hùng</title>
      <link rel="alternate" href="https://tube.vn/watch?v=v1"/><published>2025-07-03T08:15:00+07:00</published>
      <media:group><media:description>Mô tả</media:description><media:community>
      <media:statistics views="1234"/></media:community></media:group></entry></feed>""".encode()
    recs = parse_channel_feed(feed, outlet="ptv.org.vn")
    assert recs[0] == {"type": "account", "platform": "youtube", "handle": "UC1", "name": "PTV", "kind": "channel",
                       "outlet": "ptv.org.vn", "observed_at": None}
    assert recs[1]["post_id"] == "v1" and recs[1]["views"] == 1234 and "Mô tả" in recs[1]["text"]


def test_social_record_validation() -> None:
    assert parse_time("2025-07-03T08:15:00", "t") == "2025-07-03T08:15:00+07:00"
    with pytest.raises(RecordError):
        parse_time("3/7/2025", "t")
    row = account_row({"platform": "Facebook", "handle": "pt", "followers": 1999}, 2000)
    assert row["id"] == "facebook:pt" and row["in_scope"] is False
    post, parents, warns = post_rows({"platform": "facebook", "post_id": "2", "account": "pt", "kind": "share",
                                      "parent_id": "1", "links": ["https://baophutho.vn/a.htm?fbclid=1"]})
    assert parents == [{"id": "facebook:2", "parent_id": "facebook:1", "rel": "SHARES", "kind": "share"}]
    assert post["links"] == ["https://baophutho.vn/a.htm"] and post["time_missing"] and warns
    with pytest.raises(RecordError):
        post_rows({"platform": "facebook", "post_id": "3", "account": "pt", "likes": -1})


def test_import_streams_and_reports_lines(tmp_path) -> None:
    f = tmp_path / "x.jsonl"
    f.write_text("\n".join([
        json.dumps({"type": "account", "platform": "facebook", "handle": "a", "followers": 5000}),
        "not json",
        json.dumps({"type": "post", "platform": "facebook", "post_id": "1", "account": "a",
                    "created_at": "2025-07-03T08:00:00+07:00"}),
        json.dumps({"type": "reaction", "platform": "facebook", "post_id": "1", "reaction": "angry"}),
        json.dumps({"type": "reaction", "platform": "facebook", "post_id": "1", "reaction": "angry"}),
        json.dumps({"type": "reaction", "platform": "facebook", "post_id": "1", "reaction": "boo"}),
    ]) + "\n", encoding="utf-8")
    written: dict[str, list] = {}
    rep = import_social(f, lambda s, r: written.setdefault(s, []).extend(r), batch_size=1)
    assert rep.errors == 2 and [n for n, _ in rep.error_samples] == [2, 6]
    assert written["load/post_reactions"] == [{"id": "facebook:1", "like": 0, "love": 0, "haha": 0, "wow": 0,
                                               "sad": 0, "angry": 2}]
    assert written["load/accounts"][0]["in_scope"] is True


def test_coverage_latency_and_silence(tmp_path) -> None:
    st = StateStore(tmp_path / "s.sqlite")
    t0 = datetime(2025, 7, 3, 8, 0, tzinfo=UTC)
    rows = [ItemRow(f"https://a.vn/{i}", f"https://a.vn/{i}", "a.vn", "a.vn", "t", t0.isoformat(),
                    (t0 + timedelta(minutes=i)).isoformat(), str(i), None, None, "loaded", True, 1.0, [])
            for i in range(1, 11)]
    st.mark_items(rows)
    for k in range(6):
        st.record_poll("a.vn", "f", (t0 + timedelta(minutes=10 * k)).isoformat(), 200, 1)
        st.record_poll("b.vn", "g", (t0 + timedelta(minutes=10 * k)).isoformat(), 304, 0)
    rep = coverage(st)
    a = next(s for s in rep.sources if s.source == "a.vn")
    assert a.p50_min == pytest.approx(5.5) and a.within_1h == 1.0 and not a.silent
    b = next(s for s in rep.sources if s.source == "b.vn")
    assert b.silent and b.items == 0


def test_registry_and_article_urls() -> None:
    srcs = load_sources()
    assert {s.id for s in srcs} >= {"baophutho.vn", "dantri.com.vn"}
    s = Source(id="baodatto.vn", name="x")
    assert s.is_article_url("http://baodatto.vn/xa-lac-son-day-nhanh-giai-phong-100002.htm")
    assert not s.is_article_url("http://baodatto.vn/phap-luat/trang-2.htm")
    assert not s.is_article_url("http://other.vn/xa-lac-son-day-nhanh-giai-phong-100002.htm")


def test_coverage_leaves_future_dated_and_unreadable_items_out_of_latency(tmp_path) -> None:
    from etl.coverage import latency_stats

    sc = latency_stats("x", [-3600.0, 600.0, 1200.0], items=4)
    assert sc.dated == 2 and sc.future_dated == 1 and sc.p50_min == pytest.approx(15.0)
    st = StateStore(tmp_path / "s.sqlite")
    t0 = datetime(2025, 7, 3, 8, 0, tzinfo=UTC)
    rows = [ItemRow("https://a.vn/1", "https://a.vn/1", "a.vn", "a.vn", "t", (t0 + timedelta(hours=2)).isoformat(),
                    t0.isoformat(), "1", None, None, "loaded", True, 1.0, []),  # published after detected
            ItemRow("https://a.vn/2", "https://a.vn/2", "a.vn", "a.vn", "t", "2025-07-03T07:30:00",  # naive: VN
                    t0.isoformat(), "2", None, None, "loaded", True, 1.0, []),
            ItemRow("https://a.vn/3", "https://a.vn/3", "a.vn", "a.vn", "t", "not a date",
                    t0.isoformat(), "3", None, None, "loaded", True, 1.0, []),
            ItemRow("https://a.vn/4", "https://a.vn/4", "a.vn", "a.vn", "t", None,
                    t0.isoformat(), "4", None, None, "loaded", True, 1.0, [])]
    st.mark_items(rows)
    a = next(s for s in coverage(st).sources if s.source == "a.vn")
    assert a.items == 4 and a.dated == 1 and a.future_dated == 1
    assert a.p50_min == pytest.approx(7 * 60 + 30)  # 07:30 Vietnamese time is 00:30 UTC
    assert a.within_1h == 0.0


def test_torn_capture_line_is_skipped_then_repaired(tmp_path, caplog) -> None:
    store = EvidenceStore(tmp_path / "ev")
    body = b"<html>trang</html>"
    first = store.store(body, url="https://bao.vn/1")
    log_path = store._base(first.sha256).with_suffix(".captures.jsonl")
    with open(log_path, "ab") as fh:  # what a crash mid-append leaves
        fh.write(b'{"capture_id": "abc", "sha25')
    with caplog.at_level("WARNING", logger="etl.evidence"):
        assert [c.url for c in store.captures(first.sha256)] == ["https://bao.vn/1"]
    assert "torn last line" in caplog.text
    store.store(body, url="https://bao.vn/2")  # the torn tail is cut, not glued to the new line
    assert [c.url for c in store.captures(first.sha256)] == ["https://bao.vn/1", "https://bao.vn/2"]
    assert log_path.read_bytes().count(b"\n") == 2

