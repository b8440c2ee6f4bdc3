"""Amplification paths: how something published by one account reached another.

Edges are AMPLIFIES rows ``(amplifier, amplified, count)``: content flows the other way, from the amplified
account to its amplifier. :func:`amplification_path` walks the flow direction from any of ``sources`` to any
of ``targets`` — the fewest hops (``strongest=False``) or the strongest chain (``strongest=True``: cost
``1 / count`` per hop, so heavy amplification is preferred).

>>> edges = [("b", "a", 10), ("c", "b", 3), ("c", "a", 1), ("d", "c", 2)]
>>> amplification_path(edges, ["a"], ["d"])
[('a', 'c', 1), ('c', 'd', 2)]
>>> amplification_path(edges, ["a"], ["d"], strongest=True)
[('a', 'b', 10), ('b', 'c', 3), ('c', 'd', 2)]
>>> amplification_path(edges, ["d"], ["a"]) is None
True
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Hashable, Iterable

Hop = tuple[Hashable, Hashable, float]


def amplification_path(edges: Iterable[tuple[Hashable, Hashable, float]], sources: Iterable[Hashable],
                       targets: Iterable[Hashable], *, strongest: bool = False,
                       max_hops: int = 50) -> list[Hop] | None:
    """The hops ``(from, to, count)`` along the flow of content (amplified → amplifier) from a source to a
    target, or None when no path exists within ``max_hops``. A source that is also a target gives ``[]``."""
    flow: dict[Hashable, dict[Hashable, float]] = {}
    for amplifier, amplified, count in edges:
        if amplifier == amplified:
            continue
        nbrs = flow.setdefault(amplified, {})
        nbrs[amplifier] = nbrs.get(amplifier, 0.0) + float(count or 1)
    srcs = list(dict.fromkeys(sources))
    goal = set(targets)
    if not srcs or not goal:
        return None
    if goal.intersection(srcs):
        return []
    prev: dict[Hashable, Hashable] = {}
    hops: dict[Hashable, int] = dict.fromkeys(srcs, 0)
    found: Hashable | None = None
    if not strongest:
        queue = deque(srcs)
        while queue and found is None:
            u = queue.popleft()
            if hops[u] >= max_hops:
                continue
            for v in sorted(flow.get(u, {}), key=str):
                if v in hops:
                    continue
                hops[v], prev[v] = hops[u] + 1, u
                if v in goal:
                    found = v
                    break
                queue.append(v)
    else:
        dist: dict[Hashable, float] = dict.fromkeys(srcs, 0.0)
        heap = [(0.0, str(s), s) for s in srcs]
        heapq.heapify(heap)
        done: set[Hashable] = set()
        while heap:
            d, _, u = heapq.heappop(heap)
            if u in done:
                continue
            done.add(u)
            if u in goal:
                found = u
                break
            if hops[u] >= max_hops:
                continue
            for v, w in flow.get(u, {}).items():
                nd = d + 1.0 / w
                if v not in done and nd < dist.get(v, float("inf")):
                    dist[v], prev[v], hops[v] = nd, u, hops[u] + 1
                    heapq.heappush(heap, (nd, str(v), v))
    if found is None:
        return None
    path: list[Hop] = []
    v = found
    while v in prev:
        u = prev[v]
        path.append((u, v, flow[u][v]))
        v = u
    path.reverse()
    return [(u, v, int(c) if float(c).is_integer() else c) for u, v, c in path]
