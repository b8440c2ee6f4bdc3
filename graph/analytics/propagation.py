"""Whole-corpus cascade analysis: events in, one result per story out (what ``lantoa cascade`` writes).

>>> events = [
...     {"id": "a1", "story": "s1", "account": "outlet", "created_at": "2025-07-01T08:00:00+07:00"},
...     {"id": "a2", "story": "s1", "account": "bob", "created_at": "2025-07-01T08:05:00+07:00", "parent_id": "a1"}]
>>> out = dict(analyse_cascades(events))
>>> out["s1"]["parents"], out["s1"]["origin"][0]["id"], out["s1"]["metrics"]["size"]
({'a1': None, 'a2': 'a1'}, 'a1', 2)
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping
from typing import Any

from graph.analytics.amplifiers import story_amplifiers
from graph.analytics.bursts import merge_bursts
from graph.analytics.cascades import account_affinity, cascade_metrics, group_stories, reconstruct_parents
from graph.analytics.events import Event, parse_event
from graph.analytics.origins import trace_origins


def as_events(records: Iterable[Mapping[str, Any] | Event]) -> list[Event]:
    """Parse mappings into :class:`Event` (events pass through); a bad record raises ValidationError
    naming its position."""
    from common.errors import ValidationError

    out = []
    for k, r in enumerate(records):
        if isinstance(r, Event):
            out.append(r)
            continue
        try:
            out.append(parse_event(r))
        except ValidationError as e:
            raise ValidationError(f"event {k}: {e}") from e
    return out


def analyse_cascades(
    records: Iterable[Mapping[str, Any] | Event],
    *,
    copy_threshold: float = 0.6,
    communities: Mapping[Hashable, Any] | None = None,
    top_origins: int = 5,
    include_how: bool = True,
    known_ids: Collection[str] = (),
    followers: Mapping[str, int] | None = None,
    top_amplifiers: int = 5,
    events: bool = False,
    period_hours: float | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(story, {"parents", "how", "origin", "origin_probably_unobserved", "reasons", "metrics",
    "amplifiers", "kind", "event"})`` per story, stories in order of their first item.

    ``events``: merge bursts of many independent stories about one place and topic into one story of kind
    ``event`` (:func:`graph.analytics.bursts.merge_bursts`, ``period_hours`` its period); ``event`` is then its
    places, topics, span and size (None for a story).

    ``amplifiers``: :func:`graph.analytics.amplifiers.story_amplifiers` (top ``top_amplifiers`` by
    amplification and by spread; audiences from ``followers`` when given, else counted in items).

    ``communities``: account → community, for ``metrics.community_share``. Account affinity (who
    reshares whom) is learnt from the explicit links of *all* events before any story is rebuilt.
    ``known_ids``: ids/URLs of items observed outside these events (e.g. crawled articles): a story whose
    first item cites one of them is not flagged ``cites_unobserved_url``.
    """
    events_on = events
    events = as_events(records)
    observed = {e.id for e in events}
    seen = observed | set(known_ids) if known_ids else observed
    affinity = account_affinity(events)
    groups = group_stories(events, copy_threshold=copy_threshold)
    del events
    event_info: dict[str, dict[str, Any]] = {}
    if events_on:
        groups, event_info = merge_bursts(groups, period_hours=period_hours)
    order = sorted(groups, key=lambda k: (groups[k][0].t, k))
    for story in order:
        evs = groups.pop(story)
        rec = reconstruct_parents(evs, observed=observed, affinity=affinity, copy_threshold=copy_threshold)
        org = trace_origins(evs, rec, observed_ids=seen, top=top_origins)
        accounts = {e.id: e.account for e in evs}
        metrics = cascade_metrics(rec["parents"], {e.id: e.t for e in evs}, accounts=accounts, communities=communities)
        result: dict[str, Any] = {"parents": rec["parents"]}
        if include_how:
            result["how"] = rec["how"]
        result.update(origin=org["origin"], origin_probably_unobserved=org["origin_probably_unobserved"],
                      reasons=org["reasons"], metrics=metrics,
                      amplifiers=story_amplifiers(rec["parents"], accounts, followers=followers, top=top_amplifiers),
                      kind="event" if story in event_info else "story", event=event_info.get(story))
        yield story, result
