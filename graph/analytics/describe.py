"""Describe communities by their top members per kind (accounts, outlets, entities …).

>>> edges = [("acc:a", "ent:flood", 3), ("acc:b", "ent:flood", 1), ("acc:a", "out:x", 2), ("acc:c", "acc:d", 1)]
>>> part = {"acc:a": 0, "acc:b": 0, "ent:flood": 0, "out:x": 0, "acc:c": 1, "acc:d": 1}
>>> attrs = {"acc:a": {"kind": "account", "name": "Bà A"}, "ent:flood": {"kind": "entity", "name": "lũ"},
...          "out:x": {"kind": "outlet", "name": "Báo X"}}
>>> d = describe_communities(part, edges, node_attrs=attrs, top=2)
>>> d[0]["size"], [m["name"] for m in d[0]["top"]["account"]], d[0]["top"]["outlet"][0]["id"]
(4, ['Bà A'], 'out:x')
>>> d[1]["top"]["node"][0]["id"]
'acc:c'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np

from common.errors import ValidationError
from graph.analytics.edges import edge_arrays
from graph.analytics.influence import pagerank


def describe_communities(
    partition: Mapping[Hashable, int],
    edges: Any,
    *,
    node_attrs: Mapping[Hashable, Mapping[str, Any]] | None = None,
    top: int = 5,
    by: str = "weighted_degree",
    default_kind: str = "node",
) -> list[dict[str, Any]]:
    """One description per community, largest first::

        {"community", "size", "internal_weight", "external_weight", "kinds": {kind: count},
         "top": {kind: [{"id", "name", "score"}, …]}}

    ``by``: ``weighted_degree`` (sum of edge weights, the graph undirected) or ``pagerank``. ``node_attrs``
    gives each node's ``kind`` (account / outlet / entity …) and ``name``; nodes without attributes are of
    ``default_kind`` and named by their id. Nodes of the partition missing from the edges score 0.
    """
    if by not in ("weighted_degree", "pagerank"):
        raise ValidationError(f"by must be weighted_degree or pagerank, got {by!r}")
    ea = edge_arrays(edges, nodes=partition.keys()).undirected()
    attrs = node_attrs or {}
    if by == "pagerank":
        pr = pagerank(ea, directed=False)
        score = {v: pr.get(v, 0.0) for v in ea.names}
    else:
        deg = np.bincount(ea.src, weights=ea.weight, minlength=ea.n) + np.bincount(ea.dst, weights=ea.weight, minlength=ea.n)
        score = dict(zip(ea.names, deg.tolist(), strict=True))
    comm = np.asarray([partition.get(v, -1) for v in ea.names], dtype=np.int64)
    same = comm[ea.src] == comm[ea.dst]
    internal: dict[int, float] = defaultdict(float)
    external: dict[int, float] = defaultdict(float)
    for s, d, w, ok in zip(comm[ea.src].tolist(), comm[ea.dst].tolist(), ea.weight.tolist(), same.tolist(), strict=True):
        if ok:
            internal[s] += w
        else:
            external[s] += w
            external[d] += w
    members: dict[int, list[Hashable]] = defaultdict(list)
    for v, c in partition.items():
        members[c].append(v)
    out = []
    for c in sorted(members, key=lambda c: (-len(members[c]), c)):
        by_kind: dict[str, list[Hashable]] = defaultdict(list)
        for v in members[c]:
            by_kind[str(attrs.get(v, {}).get("kind") or default_kind)].append(v)
        tops = {}
        for kind, vs in sorted(by_kind.items()):
            best = sorted(vs, key=lambda v: (-score.get(v, 0.0), str(v)))[:top]
            tops[kind] = [{"id": v, "name": attrs.get(v, {}).get("name") or str(v), "score": round(score.get(v, 0.0), 6)}
                          for v in best]
        out.append({
            "community": c, "size": len(members[c]), "internal_weight": internal.get(c, 0.0),
            "external_weight": external.get(c, 0.0), "kinds": {k: len(v) for k, v in sorted(by_kind.items())},
            "top": tops,
        })
    return out
