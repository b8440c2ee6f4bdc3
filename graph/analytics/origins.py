"""Origin tracing: who started a story, ranked candidates with confidence and an evidence path.

Input: one story's events and its reconstruction (:func:`graph.analytics.cascades.reconstruct_parents`).

*Candidates* are the items with no evidence of deriving from an earlier item of the story — roots,
items attached only by time (``how`` in ``root``/``time``) and items whose parent lies in another
story (``evidence.parent_outside_story``) — among the ``max_candidates`` earliest.
Each gets ``raw = w_early · exp(−Δt/τ) + (1 − w_early) · support``, where ``Δt`` is its delay after the
story's first item, ``τ`` the time the story took to reach its 10th item (at least 5 minutes), and
``support`` the share of the story's items that derive from it through evidence (explicit share,
copy, link — time-only attachments do not count). Confidences are raw scores normalised to sum 1.

``origin_probably_unobserved`` is set, with ``reasons``, when

* ``share_of_unobserved``: one of the earliest items is a share whose parent was never observed;
* ``cites_unobserved_url``: the earliest item links a URL that is not the id of any observed item.

Then a pseudo-candidate for the unseen source (``account: None``, ``evidence.unobserved: true``) is
ranked first.

>>> from graph.analytics.cascades import reconstruct_parents
>>> from graph.analytics.events import parse_event
>>> evs = [parse_event(r) for r in [
...     {"id": "old", "story": "s", "account": "z", "created_at": 0},
...     {"id": "p1", "story": "s", "account": "a", "created_at": 7200},
...     {"id": "p2", "story": "s", "account": "b", "created_at": 7260, "parent_id": "p1"},
...     {"id": "p3", "story": "s", "account": "c", "created_at": 7320, "parent_id": "p1"}]]
>>> res = trace_origins(evs, reconstruct_parents(evs))
>>> [(c["id"], c["account"]) for c in res["origin"]], res["origin_probably_unobserved"]
([('p1', 'a'), ('old', 'z')], False)
>>> res["origin"][0]["evidence"]["path"][0]["to"]
'p2'
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from graph.analytics.events import Event, iso

STRONG = ("explicit", "copy", "link")


def _strong_subtrees(parents: Mapping[str, str | None], how: Mapping[str, str]) -> tuple[dict[str, int], dict[str, list[str]]]:
    children: dict[str, list[str]] = defaultdict(list)
    for node, p in parents.items():
        if p is not None and how.get(node) in STRONG and p in parents:
            children[p].append(node)
    size: dict[str, int] = {}
    for start in parents:
        if start in size:
            continue
        stack = [(start, False)]
        while stack:
            node, done = stack.pop()
            if done:
                size[node] = 1 + sum(size[c] for c in children.get(node, ()))
            elif node not in size:
                stack.append((node, True))
                stack.extend((c, False) for c in children.get(node, ()) if c not in size)
    return size, children


def _outside(parent: str | None, by_id: Mapping[str, Event]) -> str | None:
    return parent if parent is not None and parent not in by_id else None


def evidence_path(
    start: str, children: Mapping[str, list[str]], by_id: Mapping[str, Event], how: Mapping[str, str], *, limit: int = 10
) -> list[dict[str, Any]]:
    """The first ``limit`` evidence links below ``start`` in time order: who shared / copied / linked whom, when."""
    out: list[dict[str, Any]] = []
    frontier = [start]
    seen = {start}
    while frontier and len(out) < limit:
        edges = sorted(
            ((by_id[c].t, p, c) for p in frontier for c in children.get(p, ()) if c not in seen), key=lambda x: (x[0], x[2])
        )
        nxt = []
        for t, p, c in edges:
            if len(out) >= limit:
                break
            seen.add(c)
            nxt.append(c)
            out.append(
                {"from": p, "from_account": by_id[p].account, "to": c, "to_account": by_id[c].account,
                 "at": iso(t), "how": how.get(c)}
            )
        frontier = nxt
    return out


def trace_origins(
    story_events: Iterable[Event],
    reconstruction: Mapping[str, Any],
    *,
    observed_ids: Collection[str] | None = None,
    top: int = 5,
    max_candidates: int = 20,
    w_early: float = 0.3,
    early_items: int = 3,
) -> dict[str, Any]:
    """Rank origin candidates of one story (see the module doc).

    Returns ``{"origin": [{"id", "account", "score", "evidence"}], "origin_probably_unobserved": bool,
    "reasons": [...]}`` — at most ``top`` candidates, best first; ``score`` is the confidence in [0, 1].
    ``observed_ids``: ids of every observed item (a set; default: this story's), used to decide whether a
    cited URL was seen.
    """
    evs = sorted(story_events, key=lambda e: (e.t, e.id))
    if not evs:
        return {"origin": [], "origin_probably_unobserved": False, "reasons": []}
    by_id = {e.id: e for e in evs}
    parents: Mapping[str, str | None] = reconstruction["parents"]
    how: Mapping[str, str] = reconstruction["how"]
    missing: Mapping[str, str] = reconstruction.get("missing", {})
    observed = observed_ids if observed_ids is not None else by_id
    n = len(evs)
    t0 = evs[0].t
    tau = max(300.0, evs[min(9, n - 1)].t - t0)
    size, children = _strong_subtrees(parents, how)

    cands = [
        e for e in evs
        if how.get(e.id) in ("root", "time") or (parents.get(e.id) is not None and parents[e.id] not in by_id)
    ][:max_candidates]
    scored = []
    for e in cands:
        support = size.get(e.id, 1) / n
        raw = w_early * math.exp(-(e.t - t0) / tau) + (1 - w_early) * support
        scored.append((raw, e))
    scored.sort(key=lambda x: (-x[0], x[1].t, x[1].id))

    reasons: list[str] = []
    unobserved: dict[str, Any] | None = None
    early = evs[:early_items]
    cited_by = [e.id for e in early if e.id in missing]
    if cited_by:
        reasons.append("share_of_unobserved")
        unobserved = {"id": missing[cited_by[0]], "cited_by": cited_by, "reason": "share_of_unobserved"}
    first = evs[0]
    if first.url is not None and first.url not in observed and first.url != first.id:
        reasons.append("cites_unobserved_url")
        linked = [e.id for e in evs if e.url == first.url][:10]
        if unobserved is None:
            unobserved = {"id": first.url, "cited_by": linked, "reason": "cites_unobserved_url"}
    ranked: list[tuple[float, dict[str, Any]]] = []
    for raw, e in scored:
        ranked.append(
            (
                raw,
                {
                    "id": e.id,
                    "account": e.account,
                    "evidence": {
                        "first_seen": iso(e.t),
                        "delay_s": round(e.t - t0, 3),
                        "attached_by": how.get(e.id),
                        "derived_items": size.get(e.id, 1) - 1,
                        "missing_parent": missing.get(e.id),
                        "parent_outside_story": _outside(parents.get(e.id), by_id),
                        "path": evidence_path(e.id, children, by_id, how),
                    },
                },
            )
        )
    if unobserved is not None:
        top_raw = ranked[0][0] if ranked else 1.0
        ranked.insert(
            0,
            (
                top_raw,
                {
                    "id": unobserved["id"],
                    "account": None,
                    "evidence": {"unobserved": True, "reason": unobserved["reason"], "cited_by": unobserved["cited_by"]},
                },
            ),
        )
    ranked = ranked[:top]
    total = sum(r for r, _ in ranked) or 1.0
    origin = []
    for raw, c in ranked:
        c["score"] = round(raw / total, 6)
        origin.append({"id": c["id"], "account": c["account"], "score": c["score"], "evidence": c["evidence"]})
    return {"origin": origin, "origin_probably_unobserved": bool(reasons), "reasons": reasons}
