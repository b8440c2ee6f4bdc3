"""Edge arrays: the one plain-data graph representation every analysis here accepts.

An :class:`EdgeArrays` holds node names and integer ``src``/``dst``/``weight`` arrays, so graphs go
straight into igraph (``ig.Graph(n, edges=...)``) without passing through networkx, which costs more
than the algorithms themselves at a million edges.

>>> ea = edge_arrays([("a", "b"), ("b", "c", 2.0), ("b", "a")])
>>> ea.names, ea.src.tolist(), ea.dst.tolist(), ea.weight.tolist()
(['a', 'b', 'c'], [0, 1, 1], [1, 2, 0], [1.0, 2.0, 1.0])
>>> u = ea.undirected()
>>> list(zip(u.src.tolist(), u.dst.tolist(), u.weight.tolist()))
[(0, 1, 2.0), (1, 2, 2.0)]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from common.errors import ValidationError

Edge = tuple[Hashable, Hashable] | tuple[Hashable, Hashable, float]


@dataclass(frozen=True, slots=True)
class EdgeArrays:
    """A graph as arrays. ``names[i]`` is the node behind integer ``i``; edges are ``src[k] -> dst[k]``."""

    names: list[Hashable]
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray

    @property
    def n(self) -> int:
        return len(self.names)

    @property
    def m(self) -> int:
        return int(self.src.shape[0])

    def undirected(self, *, drop_loops: bool = True) -> EdgeArrays:
        """Merge ``u->v`` and ``v->u`` and parallel edges into one edge ``(min, max)`` whose weight is the sum.

        Self-loops are dropped by default (they only inflate a node's own degree).
        """
        lo = np.minimum(self.src, self.dst)
        hi = np.maximum(self.src, self.dst)
        w = self.weight
        if drop_loops:
            keep = lo != hi
            lo, hi, w = lo[keep], hi[keep], w[keep]
        if lo.size == 0:
            empty = np.zeros(0, dtype=np.int64)
            return EdgeArrays(self.names, empty, empty.copy(), np.zeros(0, dtype=np.float64))
        key = lo.astype(np.int64) * max(self.n, 1) + hi.astype(np.int64)
        uniq, inv = np.unique(key, return_inverse=True)
        wsum = np.bincount(inv, weights=w, minlength=uniq.size)
        n = max(self.n, 1)
        return EdgeArrays(self.names, (uniq // n).astype(np.int64), (uniq % n).astype(np.int64), wsum)

    def directed_simple(self) -> EdgeArrays:
        """Merge parallel directed edges (weights summed); self-loops dropped."""
        keep = self.src != self.dst
        s, d, w = self.src[keep], self.dst[keep], self.weight[keep]
        if s.size == 0:
            empty = np.zeros(0, dtype=np.int64)
            return EdgeArrays(self.names, empty, empty.copy(), np.zeros(0, dtype=np.float64))
        n = max(self.n, 1)
        key = s.astype(np.int64) * n + d.astype(np.int64)
        uniq, inv = np.unique(key, return_inverse=True)
        wsum = np.bincount(inv, weights=w, minlength=uniq.size)
        return EdgeArrays(self.names, (uniq // n).astype(np.int64), (uniq % n).astype(np.int64), wsum)

    def to_igraph(self, *, directed: bool = False) -> Any:
        """An igraph ``Graph`` built straight from the arrays, with edge attribute ``weight``."""
        import igraph as ig

        g = ig.Graph(n=self.n, edges=np.column_stack((self.src, self.dst)), directed=directed)
        g.es["weight"] = self.weight
        return g

    def to_networkx(self, *, directed: bool = False) -> Any:
        """A networkx graph with the original node names (used for python-louvain and tests)."""
        import networkx as nx

        G = nx.DiGraph() if directed else nx.Graph()
        G.add_nodes_from(self.names)
        names = self.names
        G.add_weighted_edges_from(
            (names[a], names[b], w) for a, b, w in zip(self.src.tolist(), self.dst.tolist(), self.weight.tolist(), strict=True)
        )
        return G


def edge_arrays(
    edges: Iterable[Sequence[Any]] | Any,
    *,
    nodes: Iterable[Hashable] = (),
    weight: str = "weight",
) -> EdgeArrays:
    """Build :class:`EdgeArrays` from ``(u, v)`` / ``(u, v, w)`` tuples, a networkx graph or an ``EdgeArrays``.

    Node integers follow first appearance (``nodes`` first, so isolated nodes can be included).
    A weight that is not a finite positive-or-zero number raises :class:`~common.errors.ValidationError`.

    >>> import networkx as nx
    >>> G = nx.Graph(); G.add_edge("x", "y", weight=3)
    >>> edge_arrays(G).weight.tolist()
    [3.0]
    """
    if isinstance(edges, EdgeArrays):
        return edges
    index: dict[Hashable, int] = {}
    names: list[Hashable] = []

    def idx(node: Hashable) -> int:
        i = index.get(node)
        if i is None:
            i = len(names)
            index[node] = i
            names.append(node)
        return i

    for node in nodes:
        idx(node)
    src: list[int] = []
    dst: list[int] = []
    wts: list[float] = []
    if hasattr(edges, "edges") and hasattr(edges, "nodes"):  # a networkx graph
        for node in edges.nodes:
            idx(node)
        iterator: Iterable[Sequence[Any]] = ((u, v, d.get(weight, 1.0)) for u, v, d in edges.edges(data=True))
    else:
        iterator = edges
    for k, e in enumerate(iterator):
        if len(e) == 2:
            u, v = e
            w = 1.0
        elif len(e) == 3:
            u, v, w = e
            try:
                w = float(w)
            except (TypeError, ValueError) as exc:
                raise ValidationError(f"edge {k}: weight {w!r} is not a number") from exc
            if not np.isfinite(w) or w < 0:
                raise ValidationError(f"edge {k}: weight {w!r} must be finite and >= 0")
        else:
            raise ValidationError(f"edge {k}: expected (u, v) or (u, v, weight), got {len(e)} values")
        src.append(idx(u))
        dst.append(idx(v))
        wts.append(w)
    return EdgeArrays(
        names,
        np.asarray(src, dtype=np.int64),
        np.asarray(dst, dtype=np.int64),
        np.asarray(wts, dtype=np.float64),
    )
