"""Detection latency and silent sources, from the crawler's own records.

Latency of an item = ``detected_at - published_at`` (both in the crawl clock's time: simulated when crawling
the sandbox). Per source: p50/p90/p99, the share detected within 1 h and 24 h, items without a date; a
source is *silent* when it has produced nothing new for ``silent_factor`` times its usual gap between new
items (or never produced anything while being polled).

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


@dataclass
class SourceCoverage:
    source: str
    items: int = 0
    dated: int = 0
    future_dated: int = 0                   # published after detected: excluded from the latency figures
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

    def to_dict(self) -> dict:
        return {"as_of": self.as_of, "overall": asdict(self.overall) if self.overall else None,
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


def coverage(state: StateStore, *, province_only: bool = False, silent_factor: float = 4.0,
             min_gap_min: float = 60.0, as_of: datetime | None = None) -> CoverageReport:
    """Latency per source and overall, and silent sources, as of ``as_of`` (default: the last poll)."""
    per: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
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
        lat = _latency_s(it.published_at, it.detected_at)
        if lat is not None:
            per.setdefault(src, []).append(lat)
            all_lat.append(lat)
    polls = state.polls()
    last_poll = max((datetime.fromisoformat(p[2]) for p in polls), default=None)
    now = as_of or last_poll
    new_times: dict[str, list[datetime]] = {}
    poll_count: dict[str, int] = {}
    for source, _feed, at, _status, new in polls:
        poll_count[source] = poll_count.get(source, 0) + 1
        if new:
            new_times.setdefault(source, []).append(datetime.fromisoformat(at))
    report = CoverageReport(as_of=now.isoformat() if now else None)
    for src in sorted(set(counts) | set(poll_count)):
        sc = latency_stats(src, per.get(src, []), counts.get(src, 0))
        sc.polls = poll_count.get(src, 0)
        times = sorted(set(new_times.get(src, [])))
        if times:
            sc.last_new_at = times[-1].isoformat()
            gaps = [(b - a).total_seconds() / 60 for a, b in zip(times, times[1:], strict=False)]
            sc.usual_gap_min = round(median(gaps), 1) if gaps else None
        if now and sc.polls:
            if not times:
                sc.silent, sc.silent_reason = True, f"không có tin mới sau {sc.polls} lần kiểm tra"
            else:
                quiet = (now - times[-1]).total_seconds() / 60
                limit = max(silent_factor * (sc.usual_gap_min or 0), min_gap_min)
                if quiet > limit:
                    sc.silent = True
                    usual = f"thường {sc.usual_gap_min:g} phút" if sc.usual_gap_min else "chưa đủ dữ liệu nhịp đăng"
                    sc.silent_reason = f"không có tin mới trong {quiet:.0f} phút ({usual})"
        report.sources.append(sc)
    report.overall = latency_stats("*", all_lat, total)
    return report
