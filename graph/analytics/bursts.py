"""Events: bursts of many independent stories about one place and topic, merged into one story of kind ``event``.

A cascade is one item and its copies and reshares. A crisis is something else: hundreds of people posting
their own words about the same thing in the same place within hours (dead fish on a river, a flood, a fire).
Story grouping leaves those as dozens of small cascades; :func:`merge_bursts` finds them and merges them.

For every pair (place, topic) the *units* (the stories, singletons included) that mention both are counted by
their first time. A pair bursts when, within ``window_h`` hours, at least ``min_units`` units by at least
``min_accounts`` distinct accounts start, at least ``min_ratio`` times the pair's usual rate (its units outside
that window over the period, never below ``prior_per_day`` a day: a new deployment has no history, and a
quiet pair must not burst on a handful). The burst's span grows from that window while the next unit starts
within ``gap_h`` hours. Members: the units starting in the span (from ``gap_h`` before it to ``tail_h`` after
it: the press follows a crisis by hours) that mention one of the burst's places and one of its
topics, or one of its places and no topic at all, or — inside the burst's own span — no place and only the
burst's topics (posts that say "our fish died" without naming the river). Overlapping bursts of one topic are
one event (the place's names join); a burst of another topic at the same place and time is absorbed without
widening the event's topics, so a gambling arrest in the same commune does not join a pollution crisis. Places that name a
whole province or country are too broad to make an event and are ignored.

>>> evs = [parse_event({"id": f"p{i}", "account": f"a{i}", "created_at": 3600 * 24 * 3 + 600 * i,
...                     "places": ["place:08848"], "topics": ["environment"]}) for i in range(12)]
>>> evs += [parse_event({"id": "x", "account": "b", "created_at": 0, "places": ["place:08848"],
...                      "topics": ["culture"]})]
>>> groups = {f"tree:{e.id}": [e] for e in evs}
>>> merged, info = merge_bursts(groups, period_hours=24 * 7)
>>> sorted(merged)[:2], len(merged["event:p0"]), info["event:p0"]["places"], info["event:p0"]["topics"]
(['event:p0', 'tree:x'], 12, ['place:08848'], ['environment'])
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.analytics.events import Event, parse_event

__all__ = ["BROAD_PLACE_PREFIXES", "is_broad_place", "merge_bursts", "parse_event"]

BROAD_PLACE_PREFIXES = ("place:province:", "place:world:", "place:country:", "place:former-province:")
_OTHER_PROVINCE = re.compile(r"place:vn:\d+")


def is_broad_place(place_id: str) -> bool:
    """A place that names a whole province or country (too broad to make an event).

    >>> is_broad_place("place:province:25"), is_broad_place("place:vn:01"), is_broad_place("place:vn:01:phuc-tho")
    (True, True, False)
    """
    return place_id.startswith(BROAD_PLACE_PREFIXES) or bool(_OTHER_PROVINCE.fullmatch(place_id))


@dataclass(slots=True)
class _Unit:
    key: str
    t: float
    accounts: frozenset[str]
    places: frozenset[str]
    topics: frozenset[str]


def _unit(key: str, events: Sequence[Event]) -> _Unit:
    places = {p for e in events for p in e.places if not is_broad_place(p)}
    return _Unit(key=key, t=min(e.t for e in events), accounts=frozenset(e.account for e in events),
                 places=frozenset(places), topics=frozenset(t for e in events for t in e.topics))


def merge_bursts(
    groups: Mapping[str, list[Event]],
    *,
    window_h: float = 6.0,
    gap_h: float = 2.0,
    tail_h: float = 4.0,
    min_units: int = 8,
    min_accounts: int = 8,
    min_ratio: float = 5.0,
    prior_per_day: float = 1.0,
    period_hours: float | None = None,
) -> tuple[dict[str, list[Event]], dict[str, dict[str, Any]]]:
    """``(groups with each event's units merged into one group keyed "event:<first id>", {event key: info})``.

    ``groups``: story key → its events (as :func:`graph.analytics.cascades.group_stories` returns them).
    ``period_hours``: the length of the analysed period (default: from the first to the last event), over which
    a pair's usual rate is measured. ``info``: places, topics, start/end (epoch s), units and items.
    """
    units = [_unit(k, evs) for k, evs in groups.items() if evs]
    if not units:
        return dict(groups), {}
    t_min = min(u.t for u in units)
    t_max = max(e.t for evs in groups.values() for e in evs)
    period = max(period_hours if period_hours is not None else (t_max - t_min) / 3600.0, window_h)
    window, gap, tail = window_h * 3600.0, gap_h * 3600.0, tail_h * 3600.0

    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k, u in enumerate(units):
        for p in u.places:
            for tp in u.topics:
                by_pair[(p, tp)].append(k)

    bursts: list[tuple[set[str], set[str], float, float, int]] = []  # places, topics, start, end, units
    for (place, topic), ks in by_pair.items():
        if len(ks) < min_units:
            continue
        ks.sort(key=lambda k: units[k].t)
        times = [units[k].t for k in ks]
        best, best_lo = 0, 0
        for lo in range(len(times)):
            hi = bisect.bisect_right(times, times[lo] + window)
            if hi - lo > best:
                best, best_lo = hi - lo, lo
        outside = len(times) - best
        usual = max(outside / max(period - window_h, window_h) * window_h, prior_per_day * window_h / 24.0)
        if best < min_units or best < min_ratio * usual:
            continue
        lo, hi = best_lo, best_lo + best - 1
        if len({a for k in ks[lo:hi + 1] for a in units[k].accounts}) < min_accounts:
            continue
        while lo > 0 and times[lo] - times[lo - 1] <= gap:
            lo -= 1
        while hi + 1 < len(times) and times[hi + 1] - times[hi] <= gap:
            hi += 1
        bursts.append(({place}, {topic}, times[lo], times[hi], hi - lo + 1))
    if not bursts:
        return dict(groups), {}

    # bursts that overlap in time and share a place or a topic describe one event; the largest defines it
    bursts.sort(key=lambda b: (-b[4], b[2], sorted(b[0]), sorted(b[1])))
    merged: list[tuple[set[str], set[str], float, float]] = []
    for places, topics, start, end, _n in bursts:
        for m in merged:
            if start <= m[3] + gap and end >= m[2] - gap and (places & m[0] or topics & m[1]):
                if topics & m[1]:  # the same topic under another name of the place ("sông Lô", "xã Sông Lô")
                    m[0].update(places)
                # a burst of another topic at the same place is absorbed without widening the event's topics:
                # its stories join only if they also carry the event's topic
                merged[merged.index(m)] = (m[0], m[1], min(m[2], start), max(m[3], end))
                break
        else:
            merged.append((set(places), set(topics), start, end))

    owner: dict[int, int] = {}
    for k, u in enumerate(units):
        for b, (places, topics, start, end) in enumerate(merged):
            if not start - gap <= u.t <= end + tail:
                continue
            if (u.places & places and (not u.topics or u.topics & topics)) or (
                    not u.places and u.topics and u.topics <= topics and start <= u.t <= end):
                owner.setdefault(k, b)
                break
    members: dict[int, list[int]] = defaultdict(list)
    for k, b in owner.items():
        members[b].append(k)

    out: dict[str, list[Event]] = {}
    info: dict[str, dict[str, Any]] = {}
    taken = set(owner)
    for b, ks in members.items():
        if len(ks) < min_units:
            taken.difference_update(ks)
            continue
        evs = sorted((e for k in ks for e in groups[units[k].key]), key=lambda ev: (ev.t, ev.id))
        key = f"event:{evs[0].id}"
        out[key] = evs
        places, topics, start, end = merged[b]
        counts = Counter(p for e in evs for p in e.places if p in places)
        info[key] = {"places": sorted(places, key=lambda p: (-counts[p], p)), "topics": sorted(topics),
                     "start": start, "end": end, "units": len(ks), "items": len(evs)}
    for k, u in enumerate(units):
        if k not in taken:
            out[u.key] = groups[u.key]
    return out, info
