"""Influence rankings: PageRank, bridge score, k-core on the amplification graph; reach and engagement.

The *amplification graph* has an edge ``a → b`` (weight = how many times) when account ``a``
reshared, quoted, copied or replied to an item of account ``b``; :func:`amplification_edges` builds
it from (reconstructed) parent links. PageRank on it flows towards the accounts whose content gets
amplified. To rank inside a time window, topic, community or platform, filter the events or edge
records first (:func:`graph.analytics.events.filter_records`).

>>> edges = [("b", "a"), ("c", "a"), ("d", "a"), ("d", "c"), ("e", "d")]
>>> pr = pagerank(edges)
>>> max(pr, key=pr.get)
'a'
>>> k_core(edges)["a"], bridge_scores(edges)["d"] > 0
(2, True)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from common.errors import ValidationError
from graph.analytics.edges import edge_arrays


def amplification_edges(
    parents: Mapping[str, str | None],
    accounts: Mapping[str, str],
    times: Mapping[str, float] | None = None,
) -> list[dict[str, Any]]:
    """``[{"source": resharer, "target": original account, "count", "first_at"}]`` (the AMPLIFIES relation).

    Self-reshares are left out; ``first_at`` (epoch s) is None without ``times``.

    >>> amplification_edges({"1": None, "2": "1", "3": "1"}, {"1": "a", "2": "b", "3": "b"}, {"1": 0, "2": 5, "3": 9})
    [{'source': 'b', 'target': 'a', 'count': 2, 'first_at': 5}]
    """
    count: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], float] = {}
    for item, p in parents.items():
        if p is None or p not in accounts or item not in accounts:
            continue
        key = (accounts[item], accounts[p])
        if key[0] == key[1]:
            continue
        count[key] += 1
        if times is not None and item in times:
            t = times[item]
            if key not in first or t < first[key]:
                first[key] = t
    return [{"source": s, "target": t, "count": c, "first_at": first.get((s, t))} for (s, t), c in count.items()]


def pagerank(edges: Any, *, damping: float = 0.85, directed: bool = True) -> dict[Any, float]:
    """Weighted PageRank (igraph, PRPACK) — ``edges`` as ``(u, v[, w])``, a networkx graph or EdgeArrays.

    >>> round(sum(pagerank([("x", "y", 2.0), ("y", "z")]).values()), 6)
    1.0
    """
    if not 0 < damping < 1:
        raise ValidationError(f"damping must be in (0, 1), got {damping!r}")
    ea = edge_arrays(edges)
    ea = ea.directed_simple() if directed else ea.undirected()
    if ea.n == 0:
        return {}
    g = ea.to_igraph(directed=directed)
    pr = g.pagerank(directed=directed, damping=damping, weights="weight" if ea.m else None)
    return dict(zip(ea.names, pr, strict=True))


def bridge_scores(
    edges: Any, *, exact_max_nodes: int = 5000, samples: int = 256, seed: int = 0
) -> dict[Any, float]:
    """Bridge score: betweenness centrality on the undirected, unweighted graph, normalised to [0, 1]
    by the number of node pairs ``(n−1)(n−2)/2``.

    Exact up to ``exact_max_nodes`` nodes; above, estimated from ``samples`` seeded random source nodes
    (Brandes & Pich 2007: paths from the sampled sources, scaled by ``n / samples``).

    >>> bridge_scores([("a", "b"), ("b", "c")])
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    ea = edge_arrays(edges).undirected()
    n = ea.n
    if n < 3:
        return dict.fromkeys(ea.names, 0.0)
    g = ea.to_igraph(directed=False)
    if n <= exact_max_nodes or samples >= n:
        b = np.asarray(g.betweenness(directed=False))
    else:
        rng = np.random.default_rng(seed)
        src = np.sort(rng.choice(n, size=samples, replace=False)).tolist()
        b = np.asarray(g.betweenness(directed=False, sources=src)) * (n / samples)
    b = b / ((n - 1) * (n - 2) / 2)
    return dict(zip(ea.names, np.clip(b, 0.0, 1.0).tolist(), strict=True))


def k_core(edges: Any) -> dict[Any, int]:
    """Core number of each node on the undirected graph (the largest k with the node in the k-core).

    >>> k_core([(1, 2), (2, 3), (3, 1), (3, 4)])
    {1: 2, 2: 2, 3: 2, 4: 1}
    """
    ea = edge_arrays(edges).undirected()
    if ea.n == 0:
        return {}
    return dict(zip(ea.names, ea.to_igraph(directed=False).coreness(mode="all"), strict=True))


def reach(
    events: Iterable[Mapping[str, Any]],
    *,
    parents: Mapping[str, str | None] | None = None,
    followers: Mapping[str, int] | None = None,
) -> dict[str, dict[str, int]]:
    """Per account: ``followers``, ``items`` posted, ``reshared_items`` (own items reshared by others) and
    ``unique_resharers`` (distinct other accounts that reshared any of its items).

    Parent links come from ``parents`` (e.g. a reconstruction) or each event's ``parent_id``.

    >>> ev = [{"id": "1", "account": "a"}, {"id": "2", "account": "b", "parent_id": "1"},
    ...       {"id": "3", "account": "c", "parent_id": "1"}, {"id": "4", "account": "b", "parent_id": "1"}]
    >>> reach(ev, followers={"a": 900})["a"]
    {'followers': 900, 'items': 1, 'reshared_items': 1, 'unique_resharers': 2}
    """
    evs = list(events)
    acc = {str(e["id"]): str(e["account"]) for e in evs}
    items: Counter[str] = Counter(acc.values())
    resharers: dict[str, set[str]] = defaultdict(set)
    reshared: dict[str, set[str]] = defaultdict(set)
    for e in evs:
        i = str(e["id"])
        p = parents.get(i) if parents is not None else e.get("parent_id")
        if p is None or str(p) not in acc:
            continue
        owner = acc[str(p)]
        if owner != acc[i]:
            resharers[owner].add(acc[i])
            reshared[owner].add(str(p))
    f = followers or {}
    return {
        a: {"followers": int(f.get(a, 0)), "items": items[a], "reshared_items": len(reshared.get(a, ())),
            "unique_resharers": len(resharers.get(a, ()))}
        for a in items
    }


ENGAGEMENT_FIELDS = ("likes", "shares", "comments", "views")


def engagement(records: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    """Per account: summed ``likes, shares, comments, views``, ``interactions`` (likes + shares + comments)
    and ``per_item`` (interactions / items). Missing counts are 0.

    >>> engagement([{"account": "a", "likes": 10, "shares": 2}, {"account": "a", "comments": 3}])["a"]
    {'items': 2, 'likes': 10, 'shares': 2, 'comments': 3, 'views': 0, 'interactions': 15, 'per_item': 7.5}
    """
    out: dict[str, dict[str, Any]] = {}
    for r in records:
        a = str(r["account"])
        row = out.setdefault(a, {"items": 0, **dict.fromkeys(ENGAGEMENT_FIELDS, 0)})
        row["items"] += 1
        for k in ENGAGEMENT_FIELDS:
            v = r.get(k) or 0
            if not isinstance(v, int | float) or v < 0:
                raise ValidationError(f"{k}: expected a count >= 0, got {v!r}")
            row[k] += v
    for row in out.values():
        row["interactions"] = row["likes"] + row["shares"] + row["comments"]
        row["per_item"] = round(row["interactions"] / row["items"], 4)
    return out


def influence_ranking(
    amplification: Iterable[Mapping[str, Any]] | Any,
    *,
    reach_rows: Mapping[str, Mapping[str, Any]] | None = None,
    engagement_rows: Mapping[str, Mapping[str, Any]] | None = None,
    amplification_rows: Mapping[str, Mapping[str, Any]] | None = None,
    top: int | None = 100,
    bridge_samples: int = 256,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """One row per account, by PageRank descending: ``account, pagerank, bridge, core`` plus the columns of
    any per-account tables passed (reach, engagement, amplification — see ``graph.analytics.amplifiers``).

    ``amplification``: records from :func:`amplification_edges` (``source, target, count``) or any edges.

    >>> rows = influence_ranking([{"source": "b", "target": "a", "count": 3}, {"source": "c", "target": "b", "count": 1}])
    >>> [r["account"] for r in rows]
    ['a', 'b', 'c']
    """
    if isinstance(amplification, list | tuple) and amplification and isinstance(amplification[0], Mapping):
        edges: Any = [(r["source"], r["target"], float(r.get("count", 1))) for r in amplification]
    else:
        edges = amplification
    ea = edge_arrays(edges)
    pr = pagerank(ea)
    br = bridge_scores(ea, samples=bridge_samples, seed=seed)
    core = k_core(ea)
    rows = []
    for a in sorted(pr, key=lambda k: (-pr[k], str(k))):
        row: dict[str, Any] = {"account": a, "pagerank": pr[a], "bridge": br.get(a, 0.0), "core": core.get(a, 0)}
        for table in (reach_rows, engagement_rows, amplification_rows):
            if table is not None and a in table:
                row.update(table[a])
        rows.append(row)
    return rows[:top] if top is not None else rows
