"""Silent sources: judged against each source's own hour-of-day rhythm (graph.analytics.silence)."""

import doctest
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from graph.analytics import silence
from graph.analytics.silence import expected_items, rhythm_from_times, silent_sources

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = datetime(2025, 7, 1, tzinfo=TZ)


def _daily(hours: range, days: int, per_hour: int = 1) -> list[datetime]:
    return [T0 + timedelta(days=d, hours=h, minutes=m * 60 // per_hour)
            for d in range(days) for h in hours for m in range(per_hour)]


def test_doctests() -> None:
    assert doctest.testmod(silence).failed == 0


def test_busy_outlet_stopping_mid_morning_is_flagged_within_hours() -> None:
    times = [t for t in _daily(range(6, 23), 10, per_hour=4) if t < T0 + timedelta(days=9, hours=9)]
    r = rhythm_from_times(times, name="Báo Lớn")
    assert silent_sources({"outlet:x": r}, now=r.last_at + timedelta(hours=1)) == []
    got = silent_sources({"outlet:x": r}, now=r.last_at + timedelta(hours=2, minutes=5))
    assert [s.source for s in got] == ["outlet:x"] and "Báo Lớn" in got[0].reasons[0]


def test_night_quiet_is_not_silence() -> None:
    r = rhythm_from_times(_daily(range(7, 21), 10, per_hour=2))
    last = r.last_at                                   # 20:30 of day 10
    assert expected_items(r, last, last + timedelta(hours=10)) < 1.5
    assert silent_sources({"outlet:x": r}, now=last + timedelta(hours=10)) == []


def test_too_little_history_is_never_judged() -> None:
    r = rhythm_from_times(_daily(range(7, 21), 1, per_hour=2))       # one day only
    assert silent_sources({"outlet:x": r}, now=r.last_at + timedelta(days=3)) == []
    few = rhythm_from_times([T0, T0 + timedelta(days=3)])
    assert silent_sources({"outlet:x": few}, now=T0 + timedelta(days=30)) == []


def test_rare_sources_need_longer_quiet() -> None:
    r = rhythm_from_times(_daily(range(9, 10), 14))                  # one a day at 9:00
    assert silent_sources({"feed:x": r}, now=r.last_at + timedelta(days=5)) == []
    assert [s.source for s in silent_sources({"feed:x": r}, now=r.last_at + timedelta(days=8))] == ["feed:x"]


def test_naive_now_and_empty_times_are_refused() -> None:
    r = rhythm_from_times(_daily(range(7, 21), 5))
    with pytest.raises(ValueError):
        silent_sources({"x": r}, now=datetime(2025, 7, 9))
    with pytest.raises(ValueError):
        rhythm_from_times([])
