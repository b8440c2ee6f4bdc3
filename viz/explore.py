"""The investigator's map (``/trang/ban-do``): the data the page's vis-network draws, built from rows the API
has already masked, and the page itself. Pure functions; the page re-queries the API for every control.

* Accounts: colour = community, size = influence (PageRank), edge width = amplification count.
* Labels only where they fit: the :func:`label_budget` most influential nodes carry a label, every node
  keeps its full text in the hover tooltip (plain text: vis-network shows string titles as text).
* Above :data:`AGGREGATE_ABOVE` matching accounts (and no community chosen) the map shows one node per
  community (:func:`community_view`); clicking one drills down to its accounts.

>>> v = account_view([{"id": "a", "name": "<b>A</b>", "pagerank": 0.2, "community_id": "c1"},
...                   {"id": "b", "name": "B", "pagerank": 0.1, "community_id": "c1"}],
...                  [{"source": "b", "target": "a", "count": 3}], community_labels={"c1": "Nhóm giao thông"})
>>> v["mode"], [n["label"] for n in v["nodes"]], v["legend"][0]["label"]
('accounts', ['<b>A</b>', 'B'], 'Nhóm giao thông (2 tài khoản)')
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from viz.maps import (
    NO_COMMUNITY,
    PALETTE,
    PHYSICS_MAX_NODES,
    _clean,
    _scale,
    _vis_assets,
    community_layout,
)

AGGREGATE_ABOVE = 2000
LEGEND_NOTES = ["Kích thước nút: mức ảnh hưởng (PageRank trên đồ thị khuếch đại).",
                "Màu nút: cộng đồng (tên lấy từ các thành viên tiêu biểu).",
                "Độ dày cạnh: số lần tài khoản nguồn khuếch đại tài khoản đích; mũi tên chỉ về tài khoản được "
                "khuếch đại.",
                "Chỉ các nút ảnh hưởng nhất có nhãn; di chuột lên nút để xem đầy đủ."]
AGGREGATE_NOTES = ["Mỗi nút là một cộng đồng: kích thước = số tài khoản khớp bộ lọc; độ dày cạnh = tổng số lần "
                   "khuếch đại giữa hai cộng đồng.", "Bấm vào một cộng đồng để xem các tài khoản của nó."]


def label_budget(n: int) -> int:
    """How many nodes of an ``n``-node map get a visible label (the rest only on hover).

    >>> label_budget(30), label_budget(500), label_budget(5000)
    (30, 44, 141)
    """
    return n if n <= 40 else int(2 * math.sqrt(n))


def community_names(labels: Mapping[str, str | None], ranked: Sequence[str]) -> dict[str, str]:
    """A name for each community: its label from its members, else its rank on this map (never a run id)."""
    return {c: _clean(labels.get(c) or f"Cộng đồng {i + 1}", 60) for i, c in enumerate(ranked)}


def account_view(accounts: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]], *,
                 community_labels: Mapping[str, str | None] | None = None, seed: int = 0,
                 highlight: Sequence[str] = ()) -> dict[str, Any]:
    """The map of accounts (masked rows from :func:`api.masking.account_ref` plus ``pagerank``) and
    AMPLIFIES edges ``{source, target, count}`` between their (shown) ids."""
    index = {a["id"]: i for i, a in enumerate(accounts)}
    sizes_by_comm: dict[str, int] = {}
    for a in accounts:
        if a.get("community_id"):
            sizes_by_comm[a["community_id"]] = sizes_by_comm.get(a["community_id"], 0) + 1
    ranked = [c for c, _ in sorted(sizes_by_comm.items(), key=lambda kv: (-kv[1], kv[0]))]
    colour_of = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(ranked)}
    name_of = community_names(community_labels or {}, ranked)
    pr = [float(a.get("pagerank") or 0.0) for a in accounts]
    sizes = _scale(pr, 6.0, 40.0)
    labelled = set(sorted(range(len(accounts)), key=lambda i: (-pr[i], i))[:label_budget(len(accounts))])
    labelled |= {index[h] for h in highlight if h in index}
    merged: dict[tuple[str, str], int] = {}  # one edge per pair (its id on the map), counts summed
    for e in edges:
        if e["source"] in index and e["target"] in index:
            key = (e["source"], e["target"])
            merged[key] = merged.get(key, 0) + int(e.get("count") or 1)
    kept = [{"source": s, "target": t, "count": c} for (s, t), c in merged.items()]
    physics = len(accounts) <= PHYSICS_MAX_NODES
    pos = None if physics else community_layout(
        [a.get("community_id") for a in accounts], [(index[e["source"]], index[e["target"]]) for e in kept],
        seed=seed)
    nodes = []
    for i, a in enumerate(accounts):
        full = _clean(a.get("name") or a.get("handle") or a.get("id"), 200)
        comm = a.get("community_id")
        tip = [full, f"Nền tảng: {_clean(a.get('platform') or '?', 30)}",
               f"Người theo dõi: {int(a.get('followers') or 0):,}".replace(",", "."),
               f"PageRank: {pr[i]:.5f}", f"Cộng đồng: {name_of.get(comm, 'không')}"]
        if a.get("masked"):
            tip.append("Tài khoản cá nhân: ẩn danh theo vai trò của bạn")
        node = {"id": a["id"], "label": _clean(full, 24) if i in labelled else "", "title": "\n".join(tip),
                "color": colour_of.get(comm, NO_COMMUNITY), "size": round(sizes[i], 2), "kind": "account",
                "name": full, "platform": a.get("platform"), "community": comm,
                "community_label": name_of.get(comm), "pagerank": pr[i], "followers": a.get("followers"),
                "masked": bool(a.get("masked"))}
        if pos is not None:
            node["x"], node["y"] = round(pos[i][0], 1), round(pos[i][1], 1)
        nodes.append(node)
    widths = _scale([float(e.get("count") or 1) for e in kept], 0.5, 8.0)
    vedges = [{"id": f"{e['source']}>{e['target']}", "from": e["source"], "to": e["target"],
               "width": round(w, 2), "count": int(e.get("count") or 1)} for e, w in zip(kept, widths, strict=True)]
    if physics:  # edge tooltips only on small maps: on large ones they cost more than they help
        for e in vedges:
            e["title"] = f"Khuếch đại {e['count']} lần"
    legend = [{"color": colour_of[c], "label": f"{name_of[c]} ({sizes_by_comm[c]} tài khoản)", "community": c}
              for c in ranked[:12]]
    legend.append({"color": NO_COMMUNITY, "label": "Chưa thuộc cộng đồng nào", "community": None})
    return {"mode": "accounts", "physics": physics, "nodes": nodes, "edges": vedges, "legend": legend,
            "notes": LEGEND_NOTES}


def community_view(communities: Sequence[Mapping[str, Any]], counts: Mapping[str | None, int], *,
                   max_edges_per_node: int = 4) -> dict[str, Any]:
    """The aggregated map: one node per community (masked rows of ``read/map_community_graph``), sized by how
    many of its accounts match the filters (``counts``); communities with no match are left out; only the
    ``max_edges_per_node × communities`` heaviest links are drawn."""
    rows = [c for c in communities if counts.get(c["id"])]
    rows.sort(key=lambda c: (-counts[c["id"]], c["id"]))
    ids = {c["id"] for c in rows}
    name_of = community_names({c["id"]: c.get("label") for c in rows}, [c["id"] for c in rows])
    sizes = _scale([float(counts[c["id"]]) for c in rows], 10.0, 60.0)
    nodes, edges = [], []
    for i, (c, s) in enumerate(zip(rows, sizes, strict=True)):
        tops = ", ".join(_clean(x, 30) for x in (c.get("top_accounts") or [])[:5])
        nodes.append({"id": c["id"], "label": name_of[c["id"]], "kind": "community", "community": c["id"],
                      "community_label": name_of[c["id"]], "color": PALETTE[i % len(PALETTE)], "size": round(s, 1),
                      "name": name_of[c["id"]], "accounts": counts[c["id"]],
                      "title": f"{name_of[c['id']]}\nTài khoản khớp bộ lọc: {counts[c['id']]}"
                               + (f"\nTiêu biểu: {tops}" if tops else "") + "\nBấm để xem chi tiết"})
        for link in c.get("links") or []:
            if link and link.get("target") in ids:
                edges.append({"id": f"{c['id']}>{link['target']}", "from": c["id"], "to": link["target"],
                              "count": int(link.get("weight") or 1),
                              "title": f"Khuếch đại {int(link.get('weight') or 0)} lần"})
    edges.sort(key=lambda e: (-e["count"], e["id"]))
    del edges[max_edges_per_node * len(nodes):]  # a readable map: the heaviest links between communities
    for e, w in zip(edges, _scale([float(e["count"]) for e in edges], 0.5, 10.0), strict=True):
        e["width"] = round(w, 2)
    legend = [{"color": n["color"], "label": f"{n['label']} ({n['accounts']} tài khoản)", "community": n["id"]}
              for n in nodes[:12]]
    return {"mode": "communities", "physics": len(nodes) <= PHYSICS_MAX_NODES, "nodes": nodes, "edges": edges,
            "legend": legend, "notes": AGGREGATE_NOTES}


def export_tables(view: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The nodes and edges of a view as flat rows for :mod:`viz.graph_export`."""
    nodes = [{"id": n["id"], "label": n.get("name") or n.get("label"), "kind": n.get("kind"),
              "platform": n.get("platform"), "community": n.get("community"),
              "community_label": n.get("community_label"), "pagerank": n.get("pagerank"),
              "followers": n.get("followers"), "masked": n.get("masked")} for n in view["nodes"]]
    edges = [{"source": e["from"], "target": e["to"], "weight": e.get("count") or 1} for e in view["edges"]]
    return nodes, edges


def page_assets() -> dict[str, str]:
    """The inlined vis-network script and stylesheet (no CDN) for the map page."""
    js, css = _vis_assets()
    return {"vis_js": js, "vis_css": css}


TIMELINE_FRAMES = 60


def timeline(view: Mapping[str, Any], node_ms: Mapping[str, int | None],
             edge_ms: Mapping[tuple[str, str], int | None] | None = None, *, scope: str = "network",
             frames: int = TIMELINE_FRAMES) -> dict[str, Any]:
    """The view with the time each node and edge appears (``t``, epoch ms) and the slider's ``timeline``.

    A node appears at its first activity (``node_ms``: shown id → ms, ``None`` = none in scope); an edge when
    the amplification first happened (``edge_ms``: (from, to) → ms), never before both of its ends. Items with
    no time in scope have ``t = None`` and appear only at the slider's end ("everything"). ``frames``: at most
    that many slider steps, spread over the distinct times, the last one always the latest.

    >>> v = {"nodes": [{"id": "a"}, {"id": "b"}, {"id": "c"}], "edges": [{"id": "b>a", "from": "b", "to": "a"}]}
    >>> t = timeline(v, {"a": 1000, "b": 3000, "c": None}, {("b", "a"): 2000})
    >>> [n["t"] for n in t["nodes"]], t["edges"][0]["t"], t["timeline"]["frames"], t["timeline"]["untimed"]
    ([1000, 3000, None], 3000, [1000, 3000], 1)
    >>> [len(visible_at(t, ms)[0]) for ms in (999, 1000, 3000, None)]
    [0, 1, 2, 3]
    """
    edge_ms = edge_ms or {}
    nodes = [{**n, "t": node_ms.get(n["id"])} for n in view["nodes"]]
    at = {n["id"]: n["t"] for n in nodes}
    edges = []
    for e in view["edges"]:
        ends = (at.get(e["from"]), at.get(e["to"]))
        own = edge_ms.get((e["from"], e["to"]))
        t = None if None in ends else max(ends[0], ends[1], own if own is not None else ends[0])
        edges.append({**e, "t": t})
    times = sorted({x["t"] for x in nodes + edges if x["t"] is not None})
    if len(times) > frames:  # evenly spaced over the distinct times, ending on the latest
        times = sorted({times[round(i * (len(times) - 1) / (frames - 1))] for i in range(frames)})
    return {**view, "nodes": nodes, "edges": edges, "timeline": {
        "scope": scope, "start": times[0] if times else None, "end": times[-1] if times else None,
        "frames": times, "untimed": sum(n["t"] is None for n in nodes)}}


def visible_at(view: Mapping[str, Any], ms: int | None) -> tuple[list[str], list[str]]:
    """The ids of the nodes and edges the slider shows at ``ms`` (``None``: its end, everything) — what the
    page's client filter does, for tests and exports."""
    def shown(x: Mapping[str, Any]) -> bool:
        t = x.get("t", -1)  # items without a time key (added by expanding a node) are always shown
        return ms is None or (t is not None and t <= ms)
    return [n["id"] for n in view["nodes"] if shown(n)], [e["id"] for e in view["edges"] if shown(e)]


def _fold(s: str) -> str:
    """A sort key that puts Vietnamese names in alphabetical order (Đ with D, tones ignored first)."""
    base = "".join(c for c in unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
                   if not unicodedata.combining(c))
    return base.casefold() + "\x00" + s.casefold()


def unit_options(places: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The place filter's choices: the province's current communes and wards (2025 units) with the former
    units merged into each (rows of :func:`nlp.gazetteer.places`), sorted by name.

    >>> unit_options([{"id": "p:1", "name": "Phường Nông Trang", "level": "commune", "became": []},
    ...               {"id": "p:f1", "name": "Xã Trưng Vương", "level": "former_commune", "became": ["p:1"]},
    ...               {"id": "p:f2", "name": "Phường Nông Trang", "level": "former_commune", "became": ["p:1"]}])
    [{'id': 'p:1', 'name': 'Phường Nông Trang', 'former': ['Xã Trưng Vương'], 'label': 'Phường Nông Trang (trước đây: Xã Trưng Vương)'}]
    """
    current = {p["id"]: p for p in places if p.get("level") == "commune"}
    former: dict[str, set[str]] = {k: set() for k in current}
    for p in places:
        if p.get("level") == "former_commune":
            for target in p.get("became") or []:
                if target in current and p.get("name") != current[target].get("name"):
                    former[target].add(_clean(p.get("name"), 80))
    out = []
    for pid, p in current.items():
        name = _clean(p.get("name") or pid, 80)
        old = sorted(former[pid], key=_fold)
        out.append({"id": pid, "name": name, "former": old,
                    "label": name + (f" (trước đây: {', '.join(old)})" if old else "")})
    return sorted(out, key=lambda u: (_fold(u["name"]), u["id"]))


def topic_options(labels: Mapping[str, str]) -> list[dict[str, str]]:
    """The topic filter's choices from the provincial taxonomy (id → Vietnamese label), by label.

    >>> topic_options({"land": "Đất đai", "accidents": "Tai nạn"})
    [{'id': 'land', 'label': 'Đất đai'}, {'id': 'accidents', 'label': 'Tai nạn'}]
    """
    return sorted(({"id": k, "label": _clean(v or k, 80)} for k, v in labels.items()),
                  key=lambda t: (_fold(t["label"]), t["id"]))
