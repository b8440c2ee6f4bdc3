"""Detection latency and silent sources, from the crawler's own records.

Latency of an item = ``detected_at - published_at`` (both in the crawl clock's time: simulated when crawling
the sandbox). Per source: p50/p90/p99, the share detected within 1 h and 24 h, items without a date; a
source is *silent* by the one rule of :mod:`graph.analytics.silence` (nothing new although its hour-of-day rhythm
expected several items since the last one; night-time quiet is not silence), or when it never produced anything
while being polled.

A negative latency (a publication time after the detection: the outlet's clock or a typo; extraction no longer
produces these, but older rows may hold them) is not a detection in zero minutes: it is left out of the
percentiles and counted in ``future_dated``. Items without a usable date are counted in ``items - dated``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from statistics import median

import numpy as np

from etl.extraction.dates import to_vn
from etl.state import StateStore
from graph.analytics.silence import rhythm_from_times, silent_sources


@dataclass
class SourceCoverage:
    source: str
    items: int = 0
    dated: int = 0
    future_dated: int = 0                   # published after detected: excluded from the latency figures
    backlog: int = 0                        # published before the source was first polled: found, not detected late
    p50_min: float | None = None
    p90_min: float | None = None
    p99_min: float | None = None
    within_1h: float | None = None
    within_24h: float | None = None
    polls: int = 0
    last_new_at: str | None = None
    usual_gap_min: float | None = None
    silent: bool = False
    silent_reason: str | None = None


@dataclass
class CoverageReport:
    sources: list[SourceCoverage] = field(default_factory=list)
    overall: SourceCoverage | None = None
    as_of: str | None = None
    first_poll: str | None = None
    notes: list[str] = field(default_factory=list)   # what the figures measure, in Vietnamese

    def to_dict(self) -> dict:
        return {"as_of": self.as_of, "first_poll": self.first_poll, "notes": self.notes,
                "overall": asdict(self.overall) if self.overall else None,
                "sources": [asdict(s) for s in self.sources]}


def latency_stats(name: str, latencies_s: list[float], items: int) -> SourceCoverage:
    usable = [x for x in latencies_s if x >= 0]
    sc = SourceCoverage(source=name, items=items, dated=len(usable), future_dated=len(latencies_s) - len(usable))
    if usable:
        arr = np.asarray(usable, dtype=float) / 60.0
        sc.p50_min, sc.p90_min, sc.p99_min = (round(float(np.percentile(arr, q)), 2) for q in (50, 90, 99))
        sc.within_1h = round(float(np.mean(arr <= 60)), 4)
        sc.within_24h = round(float(np.mean(arr <= 24 * 60)), 4)
    return sc


def _latency_s(published_at: str | None, detected_at: str | None) -> float | None:
    """Seconds from publication to detection, or None when either is absent or unreadable."""
    if not published_at or not detected_at:
        return None
    try:
        return (to_vn(datetime.fromisoformat(detected_at)) - to_vn(datetime.fromisoformat(published_at))).total_seconds()
    except ValueError:
        return None


def _aware(t: datetime) -> datetime:
    return t if t.tzinfo is not None else to_vn(t)


def coverage(state: StateStore, *, province_only: bool = False, as_of: datetime | None = None) -> CoverageReport:
    """Latency per source and overall, and silent sources, as of ``as_of`` (default: the last poll)."""
    polls = state.polls()
    first_poll: dict[str, datetime] = {}
    for source, _feed, at, _status, _new in polls:
        t = _aware(datetime.fromisoformat(at))
        if source not in first_poll or t < first_poll[source]:
            first_poll[source] = t
    per: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    backlog: dict[str, int] = {}
    all_lat: list[float] = []
    total = 0
    for it in state.iter_items():
        if it.status in ("irrelevant",) and province_only:
            continue
        if province_only and not it.concerns:
            continue
        src = it.source or it.outlet
        counts[src] = counts.get(src, 0) + 1
        total += 1
        if _before(it.published_at, first_poll.get(src)):
            backlog[src] = backlog.get(src, 0) + 1   # already there when we first looked: not a detection delay
            continue
        lat = _latency_s(it.published_at, it.detected_at)
        if lat is not None:
            per.setdefault(src, []).append(lat)
            all_lat.append(lat)
    last_poll = max((_aware(datetime.fromisoformat(p[2])) for p in polls), default=None)
    now = _aware(as_of) if as_of else last_poll
    new_times: dict[str, list[datetime]] = {}
    poll_count: dict[str, int] = {}
    for source, _feed, at, _status, new in polls:
        poll_count[source] = poll_count.get(source, 0) + 1
        if new:
            new_times.setdefault(source, []).append(_aware(datetime.fromisoformat(at)))
    report = CoverageReport(as_of=now.isoformat() if now else None)
    for src in sorted(set(counts) | set(poll_count)):
        sc = latency_stats(src, per.get(src, []), counts.get(src, 0))
        sc.polls = poll_count.get(src, 0)
        sc.backlog = backlog.get(src, 0)
        times = sorted(set(new_times.get(src, [])))
        if times:
            sc.last_new_at = times[-1].isoformat()
            gaps = [(b - a).total_seconds() / 60 for a, b in zip(times, times[1:], strict=False)]
            sc.usual_gap_min = round(median(gaps), 1) if gaps else None
        if now and sc.polls:
            if not times:
                sc.silent, sc.silent_reason = True, f"không có tin mới sau {sc.polls} lần kiểm tra"
            else:
                found = silent_sources({src: rhythm_from_times(times, name=src)}, now=_aware(now))
                if found:
                    sc.silent, sc.silent_reason = True, " ".join(found[0].reasons)
        report.sources.append(sc)
    report.overall = latency_stats("*", all_lat, total)
    report.overall.backlog = sum(backlog.values())
    report.overall.polls = len(polls)
    report.first_poll = min(first_poll.values()).isoformat() if first_poll else None
    report.notes = _notes(report, polls)
    return report


def _before(published_at: str | None, first: datetime | None) -> bool:
    if not published_at or first is None:
        return False
    try:
        return to_vn(datetime.fromisoformat(published_at)) < first
    except ValueError:
        return False


def _notes(report: CoverageReport, polls: list) -> list[str]:
    """Say what the figures measure: a crawl that looked once found a backlog, it did not detect anything late."""
    o = report.overall
    notes = []
    if not polls:
        return ["Chưa có lần kiểm tra nguồn nào: chưa đo được độ trễ phát hiện."]
    rounds = len({p[2][:16] for p in polls})
    if o is not None and o.backlog:
        notes.append(f"{o.backlog} bài đã có sẵn trước lần kiểm tra đầu tiên của nguồn ({report.first_poll}): "
                     "đó là tồn đọng được thu thập lần đầu, không tính vào độ trễ phát hiện.")
    if o is not None and not o.dated:
        notes.append(f"Mới có {rounds} lượt kiểm tra, chưa có bài nào đăng sau lần kiểm tra đầu: chưa đo được độ trễ "
                     "phát hiện. Chạy thu thập định kỳ (lantoa crawl theo lịch) để đo.")
    elif o is not None:
        notes.append(f"Độ trễ phát hiện đo trên {o.dated} bài đăng sau lần kiểm tra đầu tiên ({rounds} lượt kiểm tra).")
    return notes
