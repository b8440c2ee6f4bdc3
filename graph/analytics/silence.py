"""Silent sources: an outlet, platform or feed that has stopped producing past its usual rhythm. Pure functions.

A source's rhythm is how many items it produces in each local hour of the day, averaged over the days it was
active (:class:`Rhythm`). It is *silent* when nothing new came since its last item although, by that rhythm,
``min_expected`` items were due in the quiet span (Poisson: the chance of none is ``exp(-expected)``, under 0.1 %
for the default 7). Night-time quiet is therefore not silence — an outlet that never publishes at 2 a.m. is not
expected to — while a busy outlet that stops at 9 a.m. is flagged within a few hours. Sources with too little
history (``min_items``, ``min_days``) are never judged.

One owner for the rule: the warning pass uses it on the graph (outlets by publication time, platforms by posting
time) and ``lantoa coverage`` on the crawler's own poll records (feeds and outlets by detection time).

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> tz = ZoneInfo("Asia/Ho_Chi_Minh")
>>> start = datetime(2025, 7, 1, tzinfo=tz)
>>> busy = [start + timedelta(days=d, hours=h) for d in range(7) for h in range(7, 22)]   # 15 a day, 7-21 h
>>> last = busy[-1]                                                    # 7 July, 21:00
>>> [s.source for s in silent_sources({"outlet:a": rhythm_from_times(busy)}, now=last + timedelta(hours=9))]
[]
>>> s = silent_sources({"outlet:a": rhythm_from_times(busy)}, now=last + timedelta(hours=16))[0]
>>> s.source, round(s.expected, 1), s.quiet_hours
('outlet:a', 7.4, 16.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

__all__ = ["Rhythm", "Silence", "expected_items", "rhythm_from_times", "silent_sources"]


@dataclass(frozen=True, slots=True)
class Rhythm:
    """Items per local hour of the day (24 counts) between ``first_at`` and ``last_at``, and the source's name."""

    hours: tuple[int, ...]
    first_at: datetime
    last_at: datetime
    name: str = ""

    @property
    def items(self) -> int:
        return sum(self.hours)

    @property
    def days(self) -> float:
        return max((self.last_at - self.first_at).total_seconds() / 86400.0, 0.0)


@dataclass(frozen=True, slots=True)
class Silence:
    source: str
    name: str
    last_at: datetime
    quiet_hours: float
    expected: float
    reasons: tuple[str, ...] = field(default=())


def rhythm_from_times(times: Iterable[datetime], *, name: str = "", tz: ZoneInfo = LOCAL_TZ) -> Rhythm:
    """The rhythm of a list of item times (time-zone aware)."""
    ts = sorted(times)
    if not ts:
        raise ValueError("no times: a source without items has no rhythm")
    hours = [0] * 24
    for t in ts:
        hours[t.astimezone(tz).hour] += 1
    return Rhythm(tuple(hours), ts[0], ts[-1], name)


def expected_items(rhythm: Rhythm, start: datetime, end: datetime, *, tz: ZoneInfo = LOCAL_TZ) -> float:
    """Items the rhythm expects between ``start`` and ``end`` (each hour weighted by the part of it inside)."""
    days = max(rhythm.days, 1.0)
    rate = [c / days for c in rhythm.hours]
    total, t = 0.0, start
    while t < end:
        local = t.astimezone(tz)
        nxt = min(end, (local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)).astimezone(t.tzinfo))
        total += rate[local.hour] * (nxt - t).total_seconds() / 3600.0
        t = nxt
    return total


def silent_sources(rhythms: Mapping[str, Rhythm], *, now: datetime, min_expected: float = 7.0,
                   min_items: int = 10, min_days: float = 2.0, min_quiet: timedelta = timedelta(hours=2),
                   tz: ZoneInfo = LOCAL_TZ) -> list[Silence]:
    """Sources silent at ``now``, the longest overdue first, each with its Vietnamese reasons."""
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    out = []
    for source, r in rhythms.items():
        if r.items < min_items or r.days < min_days or now - r.last_at < min_quiet:
            continue
        exp = expected_items(r, r.last_at, now, tz=tz)
        if exp < min_expected:
            continue
        quiet_h = round((now - r.last_at).total_seconds() / 3600.0, 1)
        shown = r.name or source
        reasons = (
            f"Không có tin mới từ {shown} trong {quiet_h:g} giờ (tin cuối lúc "
            f"{r.last_at.astimezone(tz):%H:%M %d/%m/%Y}).",
            f"Theo nhịp đăng {r.days:.0f} ngày trước đó ({r.items} tin), khoảng thời gian này thường có khoảng "
            f"{exp:.0f} tin: kiểm tra nguồn thu thập hoặc nguồn tin.",
        )
        out.append(Silence(source, shown, r.last_at, quiet_h, exp, reasons))
    out.sort(key=lambda s: (-s.expected, s.source))
    return out
