"""Offline checks of what makes writes safe to retry: key tokens and request fingerprints, decision and case ids
that never include the time, repeats recognised, the shared rate limiter's choice and fallback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casework import cases, idempotency
from casework.handling import decide, is_repeat
from common.errors import ValidationError

AT = datetime(2025, 8, 1, 9, tzinfo=UTC)


def test_tokens_are_scoped_and_fingerprints_canonical():
    t = idempotency.token("u", "case.create", "k")
    assert t == idempotency.token("u", "case.create", "k")
    assert len({t, idempotency.token("v", "case.create", "k"), idempotency.token("u", "case.update", "k"),
                idempotency.token("u", "case.create", "k2")}) == 4
    assert idempotency.fingerprint({"a": 1, "b": [1, 2]}) == idempotency.fingerprint({"b": [1, 2], "a": 1})
    assert idempotency.fingerprint({"a": 1}) != idempotency.fingerprint({"a": 2})
    assert idempotency.check_key(None) is None and idempotency.check_key("3f2a-uuid") == "3f2a-uuid"
    for bad in ("", "x" * 201, "khoá", "a b"):
        with pytest.raises(ValidationError):
            idempotency.check_key(bad)


def test_a_retried_decision_has_the_same_id():
    later = AT + timedelta(seconds=7)  # the retry arrives later
    assert decide("s", "refute", by="u", at=AT).id == decide("s", "refute", by="u", at=later).id
    assert decide("s", "refute", by="u", at=AT, key="t1").id == decide("s", "refute", by="u", at=later, key="t1").id
    assert decide("s", "refute", by="u", at=AT, key="t1").id != decide("s", "refute", by="u", at=AT, key="t2").id
    # after another decision, the same action again is a new decision (its predecessor differs)
    assert decide("s", "refute", by="u", at=AT).id != decide("s", "refute", by="u", at=AT, previous="decision:x").id
    d = decide("s", "refute", by="u", at=AT, verdict="false", note="n")
    assert is_repeat({"decided": "refute", "verdict": "false", "note": "n", "decided_by": "u"}, d)
    assert not is_repeat({"decided": "refute", "verdict": "false", "note": "n", "decided_by": "other"}, d)
    assert not is_repeat({"decided": "watch", "verdict": "false", "note": "n", "decided_by": "u"}, d)
    assert not is_repeat(None, d)


def test_a_case_id_comes_from_its_content_or_key_never_the_time():
    data = {"title": "Tin sai", "outlets": ["baophutho.vn"]}
    a = cases.new_case_row(data, by="tt", at=AT)
    assert a["id"] == cases.new_case_row(data, by="tt", at=AT + timedelta(minutes=3))["id"]
    assert a["id"] != cases.new_case_row(data | {"title": "Khác"}, by="tt", at=AT)["id"]
    assert a["id"] != cases.new_case_row(data, by="other", at=AT)["id"]
    k = cases.new_case_row(data, by="tt", at=AT, key="tok")
    assert k["id"] != a["id"] and k["id"] == cases.new_case_row(data, by="tt", at=AT, key="tok")["id"]


def test_an_update_that_changes_nothing_is_recognised():
    current = cases.new_case_row({"title": "T", "outlets": ["a.vn"]}, by="tt", at=AT)
    same = cases.update_case_row(current, {"outlets": ["a.vn"]}, by="tt", at=AT + timedelta(hours=1))
    assert not cases.changed(current, same)
    assert cases.changed(current, cases.update_case_row(current, {"status": "closed"}, by="tt", at=AT))
    assert cases.changed(current, cases.update_case_row(current, {"posts": ["fb:1"]}, by="tt", at=AT))


def test_the_rate_limiter_is_shared_only_when_redis_is_configured_and_falls_back_when_it_is_down():
    from api.auth import RateLimiter
    from api.rate_limit import RedisRateLimiter, shared
    from graph.server_manager import free_port

    local = RateLimiter(0.001, 2)
    assert shared(local, "request", 0.001, 2, None) is local
    down = shared(local, "request", 0.001, 2, f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    assert isinstance(down, RedisRateLimiter)
    assert [down.take("ip:x") == 0.0 for _ in range(3)] == [True, True, False]  # the local bucket, not "no limit"
