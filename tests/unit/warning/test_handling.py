"""Handling recommendations, decisions and time to refutation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casework.handling import Handling, StoryFacts, decide, recommend, time_to_refutation_hours
from common.errors import ValidationError
from common.sentiment import POSITIVE_ABOVE


@pytest.mark.parametrize("facts,expected", [
    (StoryFacts("a", verdict="false", speed_per_hour=8, reach=2_000), Handling.REFUTE),
    (StoryFacts("b", verdict="unverified", speed_per_hour=1, reach=300_000), Handling.REFUTE),
    (StoryFacts("c", negative_share=0.9, speed_per_hour=30, reach=200_000), Handling.CRISIS_RESPONSE),
    (StoryFacts("d", negative_share=0.9, speed_per_hour=30, reach=50_000, crisis_level=3), Handling.CRISIS_RESPONSE),
    (StoryFacts("e", sentiment=0.6, official=True), Handling.AMPLIFY),
    (StoryFacts("f", negative_share=0.7, reach=800, speed_per_hour=1), Handling.LIMIT),
    (StoryFacts("g", speed_per_hour=9, reach=50_000), Handling.WATCH),
    (StoryFacts("h"), Handling.WATCH),
    (StoryFacts("i", verdict="false", speed_per_hour=0.1, reach=10), Handling.WATCH),  # false but dormant
    (StoryFacts("j", sentiment=0.6, official=False), Handling.WATCH),  # positive but not official
    (StoryFacts("k", sentiment=POSITIVE_ABOVE, official=True), Handling.WATCH),  # the cut-off itself is neutral
    (StoryFacts("l", sentiment=POSITIVE_ABOVE + 0.01, official=True), Handling.AMPLIFY),
])
def test_recommendation_rules(facts, expected):
    r = recommend(facts)
    assert r.action == expected
    assert r.reasons and all(isinstance(x, str) and x for x in r.reasons)


def test_decision_records_override_who_and_when():
    at = datetime(2025, 6, 1, 9, tzinfo=UTC)
    d = decide("s1", "refute", by="thanh.tra", at=at, recommended="watch", verdict="false", note="Đã xác minh")
    assert d.override and d.decided == "refute" and d.decided_by == "thanh.tra"
    row = d.as_row()
    assert row["decided_at"] == at.isoformat() and row["verdict"] == "false"
    same = decide("s1", "watch", by="thanh.tra", at=at, recommended="watch")
    assert not same.override
    assert decide("s1", "refute", by="a", at=at).id == decide("s1", "refute", by="a", at=at).id


@pytest.mark.parametrize("kw", [
    {"decided": "delete_it"}, {"by": ""}, {"verdict": "maybe"}, {"at": datetime(2025, 1, 1)},
    {"story_id": " "}, {"note": "x" * 5000},
])
def test_bad_decisions_refused(kw):
    args = {"story_id": "s", "decided": "watch", "by": "u", "at": datetime(2025, 1, 1, tzinfo=UTC)} | kw
    sid = args.pop("story_id")
    dec = args.pop("decided")
    with pytest.raises(ValidationError):
        decide(sid, dec, **args)


def test_time_to_refutation():
    t = datetime(2025, 6, 1, tzinfo=UTC)
    assert time_to_refutation_hours(t, [t + timedelta(hours=30), t + timedelta(hours=6)]) == 6.0
    assert time_to_refutation_hours(t, []) is None
    assert time_to_refutation_hours(None, [t]) is None


@pytest.mark.parametrize("facts,expected", [
    # refuted by a linked official item: refute while it lingers, limit while it still spreads fast
    (StoryFacts("r1", refutations=2, refuted_by="official", speed_per_hour=1, reach=3_000), Handling.REFUTE),
    (StoryFacts("r2", refutations=1, refuted_by="press", speed_per_hour=25, reach=3_000), Handling.LIMIT),
    (StoryFacts("r3", refutations=1, negative_share=0.9, crisis_level=4, speed_per_hour=40), Handling.LIMIT),
    # a crisis event that peaked this morning still needs its response although it is quiet now
    (StoryFacts("c1", kind="event", negative_share=0.9, crisis_level=3, speed_per_hour=1, peak_speed_per_hour=80,
                reach=900_000), Handling.CRISIS_RESPONSE),
    (StoryFacts("c2", negative_share=0.9, speed_per_hour=2, peak_speed_per_hour=60, reach=500_000),
     Handling.CRISIS_RESPONSE),
    # the official refutation itself is spread, even though its words ("sai sự thật") read negative
    (StoryFacts("a1", refutes_other=True, official=True, sentiment=-0.4, negative_share=0.6), Handling.AMPLIFY),
    (StoryFacts("a2", refutes_other=True, official=False, sentiment=-0.4), Handling.WATCH),
])
def test_recommendation_from_evidence(facts, expected):
    r = recommend(facts)
    assert r.action == expected, r.reasons
    assert all(isinstance(x, str) and x for x in r.reasons)
