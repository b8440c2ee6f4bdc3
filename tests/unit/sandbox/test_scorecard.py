"""The chain scorecard's measures (etl/sandbox/scorecard.py) on hand-checkable inputs, and the complete truth
the generator writes for it (crisis post ids and peak, post sentiment labels)."""

from __future__ import annotations

import doctest
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from etl.sandbox import scorecard as sc
from etl.sandbox.truth import read_jsonl

T0 = datetime(2025, 7, 3, 8, tzinfo=timezone(timedelta(hours=7)))


def test_doctests_run() -> None:
    res = doctest.testmod(sc, optionflags=doctest.ELLIPSIS)
    assert res.attempted >= 15 and res.failed == 0


def test_bcubed_perfect_and_merged_and_split() -> None:
    gold = {"a": "S", "b": "S", "c": "T", "d": "T"}
    perfect = sc.bcubed({"a": 1, "b": 1, "c": 2, "d": 2}, gold)
    assert (perfect["precision"], perfect["recall"], perfect["f1"]) == (1.0, 1.0, 1.0)
    # everything in one story: precision 1/2 for each item, recall 1
    merged = sc.bcubed({"a": 1, "b": 1, "c": 1, "d": 1}, gold)
    assert (merged["precision"], merged["recall"]) == (0.5, 1.0)
    # nothing grouped: every item alone, precision 1, recall 1/2
    alone = sc.bcubed({"a": None, "b": None, "c": None, "d": None}, gold)
    assert (alone["precision"], alone["recall"]) == (1.0, 0.5)
    assert alone["f1"] == pytest.approx(2 / 3, abs=1e-4)


def test_bcubed_counts_unrelated_members_against_precision_and_ignores_missing_items() -> None:
    # story 1 holds the two gold items and two unrelated items; "z" (gold) was never stored
    r = sc.bcubed({"a": 1, "b": 1, "x": 1, "y": 1}, {"a": "S", "b": "S", "z": "S"})
    assert r["items"] == 2
    assert r["precision"] == 0.5 and r["recall"] == 1.0


def test_story_split_figures() -> None:
    pred = {f"p{i}": ("s1" if i < 6 else "s2" if i < 8 else None) for i in range(10)}
    r = sc.story_split(pred, [f"p{i}" for i in range(12)])
    assert r == {"stored": 10, "missing": 2, "largest_share": 0.6, "main": "s1", "split_into": 2, "in_none": 2}
    assert sc.story_split({}, ["a"])["largest_share"] is None


def test_precision_recall_and_macro_f1() -> None:
    pr = sc.precision_recall({"a": True, "b": False, "c": True}, {"a": True, "b": True, "c": False, "d": True})
    assert (pr["precision"], pr["recall"], pr["items"]) == (0.5, 0.5, 3)
    # all right on 3 labels
    assert sc.macro_f1({"a": "negative", "b": "neutral", "c": "positive"},
                       {"a": "negative", "b": "neutral", "c": "positive"})["macro_f1"] == 1.0
    # the sign error: every negative stored as positive
    flipped = sc.macro_f1({"a": "positive", "b": "positive", "c": "neutral"},
                          {"a": "negative", "b": "positive", "c": "neutral"})
    assert flipped["per_label"]["negative"] == 0.0 and flipped["macro_f1"] == pytest.approx((0 + 2 / 3 + 1) / 3, abs=1e-4)


def test_best_jaccard_and_nmi() -> None:
    assert sc.best_jaccard([["a", "b"]], [])["jaccard"] == 0.0
    assert sc.best_jaccard([["a", "b"], ["c"]], [["a", "b"], ["c", "d"]])["jaccard"] == 0.75
    same = sc.communities_nmi({"a": 5, "b": 5, "c": 6, "d": 6}, {"a": 0, "b": 0, "c": 1, "d": 1})
    assert same["nmi"] == 1.0 and same["coverage"] == 1.0
    assert sc.communities_nmi({"a": 1, "b": 2, "c": 1, "d": 2}, {"a": 0, "b": 0, "c": 1, "d": 1})["nmi"] == 0.0


def test_entity_f1_matches_by_id_or_name_one_to_one() -> None:
    truth = {"d": [{"label": "LOC", "id": "place:old:1", "text": "xã Cũ"},
                   {"label": "LOC", "id": "place:old:1", "text": "Cũ"},
                   {"label": "PER", "id": "person:3", "text": "Hà Văn An"}]}
    pred = {"d": [{"label": "LOC", "id": "place:former:1", "name": "x", "aliases": []},
                  {"label": "PER", "id": "ner:per:ha-van-an", "name": "Hà Văn  An", "aliases": []},
                  {"label": "PER", "id": "ner:per:an", "name": "Hà Văn An", "aliases": []}]}
    r = sc.entity_f1(truth, pred)
    assert (r["true"], r["predicted"]) == (2, 3)
    assert r["recall"] == 1.0 and r["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert sc.entity_f1(truth, {})["f1"] is None  # no document in both


def test_extraction_scores() -> None:
    truth = {"u1": {"title": "Tiêu đề", "published_at": "2025-07-01T08:15:20+07:00", "authors": ["person:1"]},
             "u2": {"title": "Khác", "published_at": "2025-07-01T08:15:00+07:00", "authors": ["person:1", "person:2"]}}
    pred = {"u1": {"title": "tiêu  đề", "published_at": "2025-07-01T08:15:00.000000000+07:00",
                   "authors": [{"id": "j1", "name": "Đặng Xuân Toàn"}]},
            "u2": {"title": "Khác nữa", "published_at": "2025-07-01T10:15:00+07:00",
                   "authors": [{"id": "j2", "name": "Xuân Toàn"}]}}
    r = sc.extraction_scores(truth, pred, {"person:1": ["Đặng Xuân Toàn", "Xuân Toàn"], "person:2": ["Lê Thị Mai"]})
    assert (r["title"], r["time"], r["time_1h"]) == (0.5, 0.5, 0.5)
    assert r["authors"]["precision"] == 1.0 and r["authors"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    # person:1 appears as two stored journalists (name and pen name not merged)
    assert r["identity"] == 0.0


def _alert(hours: float, level: int, story: str | None = None, scope: str = "topic:x") -> dict:
    return {"at": T0 + timedelta(hours=hours), "level": level, "story_id": story,
            "scope": f"story:{story}" if story else scope}


def test_crisis_warning_levels_lead_and_false_alarms() -> None:
    kw = dict(start=T0, end=T0 + timedelta(hours=8), peak=T0 + timedelta(hours=2),
              period_start=T0 - timedelta(days=2), period_end=T0 + timedelta(hours=16),
              crisis_stories={"c"}, crisis_scopes={"place:p"}, planted_stories={"rumour"})
    alerts = [_alert(0.5, 2, scope="place:p"), _alert(1.5, 3, "c"), _alert(4, 4, "c"),
              _alert(-30, 3, "other"), _alert(-29, 3, "other"),      # one episode
              _alert(-20, 2, "rumour"),                                # another planted event: not false
              _alert(3, 2, scope="topic:unrelated")]                   # inside the window but not about it
    r = sc.crisis_warning(alerts, **kw)
    assert r["max_level"] == 4 and r["alerted"]
    assert (r["lead_h_ge2"], r["lead_h_ge3"]) == (1.5, 0.5)
    assert (r["false_alarms_ge2"], r["false_alarms_ge3"]) == (2, 1)
    assert r["false_per_week_ge2"] == pytest.approx(2 / (64 / 168), abs=0.01)
    silent = sc.crisis_warning([], **kw)
    assert silent["max_level"] == 0 and silent["lead_h_ge3"] is None and not silent["alerted"]
    late = sc.crisis_warning([_alert(5, 3, "c")], **kw)
    assert late["lead_h_ge3"] == -3.0  # after the peak


def test_thresholds_report_gaps() -> None:
    result = {"stories": {"bcubed": {"f1": 0.8}, "planted": {"story:false": {"largest_share": 0.96},
                                                             "story:crisis": {"split_into": 3}}},
              "planted": {"story:false": {"origin_top1": True, "refutation_linked": False, "handling": "watch"}},
              "crisis": {"max_level": 3, "lead_h_ge3": 1.0}, "sentiment": {"articles": {"macro_f1": 0.6}},
              "communities": {"nmi": 0.9}, "coordination": {"jaccard": 1.0},
              "relevance": {"precision": 0.97, "recall": 0.94}}
    rows = {r["key"]: r for r in sc.thresholds(result)}
    assert rows["false_story_largest_share"]["ok"] and rows["false_story_origin_top1"]["ok"]
    assert not rows["false_story_refutation_linked"]["ok"] and not rows["false_story_handling"]["ok"]
    assert not rows["story_bcubed_f1"]["ok"] and rows["story_bcubed_f1"]["gap"] == 0.1
    assert not rows["crisis_split_into"]["ok"] and rows["crisis_alert_level_in_window"]["ok"]
    assert rows["article_sentiment_macro_f1"]["gap"] == 0.25
    assert rows["relevance_precision"]["ok"] and not rows["relevance_recall"]["ok"]


# ------------------------------------------------------------------ the truth the scorecard needs
def test_crisis_truth_lists_every_burst_post_and_its_peak(tiny_world: Path) -> None:
    crisis = json.loads((tiny_world / "truth" / "crisis.json").read_text(encoding="utf-8"))
    posts = {f"{x['platform']}:{x['post_id']}": x for x in read_jsonl(tiny_world / "social" / "export.jsonl")
             if x["type"] == "post"}
    assert len(crisis["post_ids"]) == crisis["posts"] == len(set(crisis["post_ids"]))
    assert set(crisis["post_ids"]) <= set(posts)
    assert crisis["post_ids"][:50] == crisis["post_ids_sample"]
    peak, peak_end = datetime.fromisoformat(crisis["peak"]), datetime.fromisoformat(crisis["peak_end"])
    assert datetime.fromisoformat(crisis["start"]) <= peak < peak_end <= datetime.fromisoformat(crisis["end"])

    def in_hour(h: datetime) -> int:
        return sum(1 for i in crisis["post_ids"] if "created_at" in posts[i]
                   and h <= datetime.fromisoformat(posts[i]["created_at"]) < h + timedelta(hours=1))

    others = [peak + timedelta(hours=k) for k in range(-2, 6) if k]
    assert all(in_hour(peak) >= in_hour(h) for h in others)


def test_post_sentiment_truth(tiny_world: Path) -> None:
    labels = {x["id"]: x["sentiment"] for x in read_jsonl(tiny_world / "truth" / "posts.jsonl")}
    export = read_jsonl(tiny_world / "social" / "export.jsonl")
    posts = {f"{x['platform']}:{x['post_id']}" for x in export if x["type"] == "post"}
    assert set(labels) <= posts and len(labels) > len(posts) // 4
    assert set(labels.values()) == {"negative", "neutral", "positive"}
    assert not any("_truth_sentiment" in x for x in export)
    crisis = json.loads((tiny_world / "truth" / "crisis.json").read_text(encoding="utf-8"))
    labelled_crisis = [i for i in crisis["post_ids"] if i in labels]
    assert labelled_crisis and all(labels[i] == "negative" for i in labelled_crisis)


def test_load_truth_groups(tiny_world: Path) -> None:
    truth = sc.load_truth(tiny_world)
    stories = json.loads((tiny_world / "truth" / "stories.json").read_text(encoding="utf-8"))
    false = next(s for s in stories if s["kind"] == "false_story")
    assert truth.origins["story:false"] == false["origin_post"]
    assert all(truth.groups[i["post"]] == "story:false" for i in false["items"])
    assert len([i for i, g in truth.groups.items() if g == "story:crisis"]) >= 500
    assert truth.refutes["story:false"][0] == false["refutation_post"]
    # every copy group starts with its original and has at least one copy
    assert all(len(m) >= 2 and truth.origins[g] == m[0] for g, m in truth.copy_groups.items())
    assert sum(truth.relevance.values()) > 0 and truth.post_sentiment


def test_load_truth_refuses_an_old_world(tiny_world: Path, tmp_path: Path) -> None:
    import shutil

    from common.errors import WorldInvalid

    old = tmp_path / "old"
    shutil.copytree(tiny_world, old)
    crisis = json.loads((old / "truth" / "crisis.json").read_text(encoding="utf-8"))
    del crisis["post_ids"]
    (old / "truth" / "crisis.json").write_text(json.dumps(crisis), encoding="utf-8")
    with pytest.raises(WorldInvalid):
        sc.load_truth(old)


def test_untied_reshares_read_from_the_export_alone_and_follow_their_parents(tmp_path: Path) -> None:
    """An empty share with no parent is untied; a short reply to it is too (its only tie leads nowhere); a reply
    with its own comparable text, a link, or a parent that is tied stays tied."""
    rows = [
        {"platform": "facebook", "post_id": "1", "kind": "post", "text": "Cảnh báo xe cứu thương lạ bắt trẻ con ở Thanh Ba"},
        {"platform": "facebook", "post_id": "2", "kind": "share", "text": ""},                        # parent deleted
        {"platform": "facebook", "post_id": "3", "kind": "reply", "text": "Sợ quá", "parent_id": "2"},  # follows 2
        {"platform": "facebook", "post_id": "4", "kind": "reply", "text": "Ừ", "parent_id": "3"},       # follows 3
        {"platform": "facebook", "post_id": "5", "kind": "share", "text": "", "parent_id": "1"},       # tied to 1
        {"platform": "facebook", "post_id": "6", "kind": "reply", "text": "", "parent_id": "2",
         "links": ["http://baodatto.vn/a.htm"]},                                                      # has a link
    ]
    (tmp_path / "social").mkdir()
    (tmp_path / "social" / "export.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
                                                      encoding="utf-8")
    assert sc.untied_reshares(tmp_path) == {"facebook:2", "facebook:3", "facebook:4"}
