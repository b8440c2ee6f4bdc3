"""Interactive network maps (pyvis / vis-network), offline and safe with crawled text.

* The vis-network script and stylesheet are inlined (pyvis' ``in_line`` resources); no CDN, so pages
  work without internet. We render pyvis' network data with our own template because pyvis' stock
  template always pulls Bootstrap from a CDN.
* Networks are built by setting ``net.nodes`` / ``net.edges`` directly (pyvis' ``add_edge`` checks
  every existing edge: quadratic).
* Every label and tooltip that comes from crawled text travels as JSON inside a
  ``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and vis-network shows
  string tooltips as plain text; page text goes through Jinja2 with autoescape on.
* Up to :data:`PHYSICS_MAX_NODES` nodes the browser lays the graph out (physics on); above that the
  server computes a layout (igraph Fruchterman–Reingold on a grid) and physics is off, so a
  5,000-node map draws at once. Beyond that, :func:`community_map_html` shows communities as single nodes.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

PHYSICS_MAX_NODES = 300
LABEL_TOP_NODES = 150
MAX_MAP_NODES = 6000

PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
    "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354",
    "#756bb1", "#636363",
)
NO_COMMUNITY = "#b0b0b0"
SENTIMENT_COLOURS = {"negative": "#d62728", "positive": "#2ca02c", "neutral": "#7f7f7f", None: "#9e9e9e"}
SENTIMENT_VI = {"negative": "tiêu cực", "positive": "tích cực", "neutral": "trung tính", None: "chưa rõ"}

_TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    lib = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("vis-network assets cannot be inlined safely")
    return js, css


def community_colour(community_id: str | None) -> str:
    """A stable colour per community id."""
    if not community_id:
        return NO_COMMUNITY
    h = int(hashlib.blake2s(str(community_id).encode(), digest_size=4).hexdigest(), 16)
    return PALETTE[h % len(PALETTE)]


def script_json(data: Any) -> str:
    """JSON safe to place inside a ``<script>`` element (no ``</script>``, no HTML entities)."""
    raw = orjson.dumps(data).decode()
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _clean(text: Any, limit: int = 120) -> str:
    s = "" if text is None else str(text)
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _scale(values: Sequence[float], lo: float, hi: float) -> list[float]:
    if not values:
        return []
    vmin, vmax = min(values), max(values)
    if vmax <= vmin:
        return [(lo + hi) / 2] * len(values)
    return [lo + (hi - lo) * math.sqrt((v - vmin) / (vmax - vmin)) for v in values]


def server_layout(n: int, edges: Iterable[tuple[int, int]], *, seed: int = 0, scale: float | None = None
                  ) -> list[tuple[float, float]]:
    """Fruchterman–Reingold positions (igraph, grid variant above 1,000 nodes) in pixels, centred, scaled
    on the 2nd–98th percentile so a few far-flung isolates do not squash the rest."""
    import igraph as ig

    if n == 0:
        return []
    if n == 1:
        return [(0.0, 0.0)]
    g = ig.Graph(n=n, edges=list(edges), directed=False)
    start = [[math.cos(i * 2.399963) * math.sqrt(i + 1), math.sin(i * 2.399963) * math.sqrt(i + 1)] for i in range(n)]
    layout = g.layout_fruchterman_reingold(seed=start, niter=150, grid="auto" if n < 1000 else True)
    xs = sorted(x for x, _ in layout.coords)
    ys = sorted(y for _, y in layout.coords)
    lo, hi = int(0.02 * (n - 1)), int(0.98 * (n - 1))
    span = max(xs[hi] - xs[lo], ys[hi] - ys[lo]) or 1.0
    target = scale or max(800.0, 40.0 * math.sqrt(n))
    cx, cy = (xs[hi] + xs[lo]) / 2, (ys[hi] + ys[lo]) / 2
    out = []
    for x, y in layout.coords:
        px, py = (x - cx) / span * target, (y - cy) / span * target
        r = math.hypot(px, py)
        if r > target:  # pull outliers in to the edge of the drawing
            px, py = px / r * target * 1.05, py / r * target * 1.05
        out.append((px, py))
    return out


def community_layout(groups: Sequence[str | None], edges: Iterable[tuple[int, int]], *, seed: int = 0,
                     spacing: float = 42.0) -> list[tuple[float, float]]:
    """Communities as separate clusters: each community laid out on its own (its internal edges), its
    radius growing with the square root of its size, cluster centres on a golden-angle spiral, largest first."""
    members: dict[str | None, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    internal: dict[str | None, list[tuple[int, int]]] = {}
    for u, v in edges:
        if groups[u] == groups[v]:
            internal.setdefault(groups[u], []).append((u, v))
    order = sorted(members, key=lambda g: -len(members[g]))
    pos: list[tuple[float, float]] = [(0.0, 0.0)] * len(groups)
    placed: list[tuple[float, float, float]] = []
    for k, g in enumerate(order):
        idx = members[g]
        local = {node: j for j, node in enumerate(idx)}
        radius = spacing * math.sqrt(len(idx)) / 2 + spacing
        sub = server_layout(len(idx), [(local[u], local[v]) for u, v in internal.get(g, [])], seed=seed,
                            scale=radius)
        if not placed:
            cx = cy = 0.0
        else:
            step, t = 0, 0.0
            while True:  # walk out along the spiral until the disc fits
                t = k * 2.399963 + step * 0.35
                dist = (placed[0][2] + radius) * (0.6 + 0.12 * step)
                cx, cy = math.cos(t) * dist, math.sin(t) * dist
                if all(math.hypot(cx - px, cy - py) >= pr + radius for px, py, pr in placed) or step > 400:
                    break
                step += 1
        placed.append((cx, cy, radius))
        for node, (x, y) in zip(idx, sub, strict=True):
            pos[node] = (cx + x, cy + y)
    return pos


def _options(*, physics: bool, directed: bool = True, hierarchical: bool = False) -> dict[str, Any]:
    opts: dict[str, Any] = {
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": not physics,
                        "hideEdgesOnZoom": not physics, "navigationButtons": False},
        "nodes": {"shape": "dot", "font": {"size": 14, "face": "sans-serif"}},
        "edges": {"smooth": False, "color": {"inherit": "from", "opacity": 0.45},
                  "arrows": {"to": {"enabled": directed, "scaleFactor": 0.4}}},
        "physics": {"enabled": physics},
    }
    if physics:
        opts["physics"] = {"enabled": True, "solver": "forceAtlas2Based",
                           "forceAtlas2Based": {"gravitationalConstant": -40, "springLength": 90},
                           "stabilization": {"enabled": True, "iterations": 200, "fit": True}}
    return opts


def _network(nodes: list[dict], edges: list[dict], options: dict[str, Any], *, heading: str) -> Network:
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=heading)
    net.nodes = nodes  # set directly: add_node/add_edge are quadratic on large graphs
    net.edges = edges
    net.options = options
    return net


def render(net: Network, *, title: str, subtitle: str = "", legend: Sequence[Mapping[str, str]] = (),
           notes: Sequence[str] = ()) -> str:
    """The map page: pyvis network data rendered in our offline template."""
    nodes, edges, _heading, _h, _w, options_json = net.get_network_data()
    js, css = _vis_assets()
    data = {"nodes": nodes, "edges": edges, "options": orjson.loads(options_json)}
    return _env().get_template("map.html").render(
        title=title, subtitle=subtitle, legend=list(legend), notes=list(notes), vis_js=js, vis_css=css,
        data_json=script_json(data), node_count=len(nodes), edge_count=len(edges))


# account networks ---------------------------------------------------------------------------------
def account_label(acc: Mapping[str, Any]) -> str:
    return _clean(acc.get("name") or acc.get("handle") or acc.get("id"), 40)


def network_map_html(accounts: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]], *,
                     title: str = "Bản đồ mạng lưới khuếch đại", subtitle: str = "", seed: int = 0,
                     physics_max: int = PHYSICS_MAX_NODES,
                     community_labels: Mapping[str, str] | None = None) -> str:
    """Accounts coloured by community, sized by influence (PageRank), edges weighted by amplification.

    ``accounts``: ``{id, name?, handle?, platform?, followers?, pagerank?, community_id?, kind?}`` (already
    masked by the caller where needed); ``edges``: ``{source, target, count}`` between those ids;
    ``community_labels``: what each community is (its description from its members, masked by the caller), shown
    in the legend and tooltips instead of the analysis run's ids ("Cộng đồng run-2026…:communities:0")."""
    if len(accounts) > MAX_MAP_NODES:
        raise ValueError(f"a map of {len(accounts)} nodes is too large; aggregate communities instead")
    index = {a["id"]: i for i, a in enumerate(accounts)}
    comms: dict[str, int] = {}
    for a in accounts:
        c = a.get("community_id")
        if c:
            comms[c] = comms.get(c, 0) + 1
    # distinct colours for the largest communities of this map (a hash would let neighbours collide)
    ranked = sorted(comms.items(), key=lambda kv: (-kv[1], kv[0]))
    colour_of = {c: PALETTE[i % len(PALETTE)] for i, (c, _) in enumerate(ranked)}
    labels = dict(community_labels or {})
    name_of = {c: _clean(labels.get(c) or f"Cộng đồng {i + 1}", 60) for i, (c, _) in enumerate(ranked)}
    pr = [float(a.get("pagerank") or 0.0) for a in accounts]
    sizes = _scale(pr, 6.0, 40.0)
    top = set(sorted(range(len(accounts)), key=lambda i: -pr[i])[:LABEL_TOP_NODES])
    physics = len(accounts) <= physics_max
    pos = None if physics else community_layout(
        [a.get("community_id") for a in accounts],
        [(index[e["source"]], index[e["target"]]) for e in edges if e["source"] in index and e["target"] in index],
        seed=seed)
    nodes = []
    for i, a in enumerate(accounts):
        tip = [account_label(a), f"Nền tảng: {_clean(a.get('platform') or '?', 30)}",
               f"Người theo dõi: {int(a.get('followers') or 0):,}".replace(",", "."),
               f"PageRank: {pr[i]:.5f}", f"Cộng đồng: {name_of.get(a.get('community_id'), 'không')}"]
        node = {"id": a["id"], "label": account_label(a) if (i in top or physics) else "",
                "title": "\n".join(tip), "color": colour_of.get(a.get("community_id"), NO_COMMUNITY),
                "size": round(sizes[i], 2),
                "shape": "dot"}
        if pos is not None:
            node["x"], node["y"] = round(pos[i][0], 1), round(pos[i][1], 1)
        nodes.append(node)
    counts = [float(e.get("count") or 1) for e in edges]
    widths = _scale(counts, 0.5, 8.0)
    vedges = []
    for e, w in zip(edges, widths, strict=True):
        if e["source"] in index and e["target"] in index:
            ve = {"from": e["source"], "to": e["target"], "width": round(w, 2)}
            if physics:  # edge tooltips only on small maps: on large ones they double the page for little use
                ve["title"] = f"Khuếch đại {int(e.get('count') or 1)} lần"
            vedges.append(ve)
    legend = [{"color": colour_of[c], "label": f"{name_of[c]} ({n} tài khoản)"} for c, n in ranked[:12]]
    legend.append({"color": NO_COMMUNITY, "label": "Chưa thuộc cộng đồng nào"})
    notes = ["Kích thước nút: mức ảnh hưởng (PageRank trên đồ thị khuếch đại).",
             "Độ dày cạnh: số lần tài khoản nguồn khuếch đại tài khoản đích.",
             "Màu: cộng đồng."]
    if not physics:
        notes.append(f"Bố cục tính trước trên máy chủ ({len(nodes)} nút), tắt mô phỏng vật lý; "
                     f"chỉ {min(LABEL_TOP_NODES, len(nodes))} nút ảnh hưởng nhất có nhãn.")
    net = _network(nodes, vedges, _options(physics=physics), heading=title)
    return render(net, title=title, subtitle=subtitle, legend=legend, notes=notes)


def neighbourhood_map_html(center: Mapping[str, Any], neighbours: Sequence[Mapping[str, Any]],
                           edges: Sequence[Mapping[str, Any]], *, title: str | None = None) -> str:
    """An account and the accounts that amplify it or that it amplifies."""
    accounts = [dict(center, pagerank=max([float(center.get("pagerank") or 0)]
                                         + [float(n.get("pagerank") or 0) for n in neighbours]))]
    seen = {center["id"]}
    for n in neighbours:
        if n["id"] not in seen:
            seen.add(n["id"])
            accounts.append(dict(n))
    html_title = title or f"Lân cận của {account_label(center)}"
    return network_map_html(accounts, edges, title=html_title,
                            subtitle="Tài khoản khuếch đại hoặc được khuếch đại bởi tài khoản này")


def community_map_html(communities: Sequence[Mapping[str, Any]], *, title: str = "Bản đồ cộng đồng") -> str:
    """Communities as single nodes (size = members), edges = summed amplification between them."""
    ids = {c["id"] for c in communities}
    sizes = _scale([float(c.get("size") or 1) for c in communities], 10.0, 60.0)
    physics = len(communities) <= PHYSICS_MAX_NODES
    nodes, edges = [], []
    for c, s in zip(communities, sizes, strict=True):
        label = _clean(c.get("label") or f"Cộng đồng {c['id']}", 40)
        tops = ", ".join(_clean(x, 30) for x in (c.get("top_accounts") or [])[:5])
        nodes.append({"id": c["id"], "label": label, "color": community_colour(c["id"]), "size": round(s, 1),
                      "title": f"{label}\nThành viên: {int(c.get('size') or 0)}" + (f"\nTiêu biểu: {tops}" if tops else ""),
                      "shape": "dot"})
        for link in c.get("links") or []:
            if link and link.get("target") in ids:
                edges.append({"from": c["id"], "to": link["target"], "value": link.get("weight") or 1,
                              "title": f"Khuếch đại {int(link.get('weight') or 0)} lần"})
    if edges:
        for e, w in zip(edges, _scale([float(e["value"]) for e in edges], 0.5, 10.0), strict=True):
            e["width"] = round(w, 2)
    if not physics:
        pos = community_layout([n["id"] for n in nodes], [], spacing=120.0)
        for n, (x, y) in zip(nodes, pos, strict=True):
            n["x"], n["y"] = round(x, 1), round(y, 1)
    net = _network(nodes, edges, _options(physics=physics), heading=title)
    return render(net, title=title, subtitle=f"{len(nodes)} cộng đồng, mỗi cộng đồng là một nút",
                  legend=[{"color": community_colour(c["id"]), "label": _clean(c.get("label") or c["id"], 50)}
                          for c in list(communities)[:12]],
                  notes=["Kích thước nút: số thành viên.", "Độ dày cạnh: tổng số lần khuếch đại giữa hai cộng đồng."])


# cascades -----------------------------------------------------------------------------------------
def _epoch(ts: str | None) -> float | None:
    if not ts:
        return None
    try:
        return datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def cascade_map_html(items: Sequence[Mapping[str, Any]], *, title: str = "Chuỗi lan truyền") -> str:
    """A story's cascade over time: x = hours since the first item, y = generation in the cascade tree;
    colour = sentiment; square = article, dot = post; edges point from an item to what it spread.

    ``items``: ``{id, kind, at, title?, account?: {name, handle, id}, outlet_name?, parent_id?, sentiment?}``."""
    ids = {it["id"] for it in items}
    parent = {it["id"]: it.get("parent_id") for it in items if it.get("parent_id") in ids}
    depth: dict[str, int] = {}

    def gen(i: str) -> int:
        path = []
        while i not in depth and i in parent and parent[i] not in path and len(path) < 10_000:
            path.append(i)
            i = parent[i]
        d = depth.get(i, 0)
        for j in reversed(path):
            d += 1
            depth[j] = d
        depth.setdefault(i, 0)
        return depth[path[0]] if path else depth[i]

    times = [t for t in (_epoch(it.get("at")) for it in items) if t is not None]
    t0 = min(times) if times else 0.0
    span_h = max(((max(times) - t0) / 3600.0) if times else 1.0, 1e-6)
    width = max(1200.0, 25.0 * math.sqrt(len(items)) * 10)
    per_gen: dict[int, int] = {}
    nodes, edges = [], []
    for it in items:
        g = gen(it["id"])
        slot = per_gen.get(g, 0)
        per_gen[g] = slot + 1
        t = _epoch(it.get("at"))
        hours = ((t - t0) / 3600.0) if t is not None else 0.0
        who = it.get("outlet_name") or account_label(it.get("account") or {}) or "?"
        from viz.pages import vn_time

        when = vn_time(it.get("at")) if it.get("at") else "không rõ thời gian"
        tip = [_clean(it.get("title") or "(không có tiêu đề)", 160), f"Nguồn: {_clean(who, 60)}",
               f"Thời điểm: {when}", f"Sau mục đầu tiên: {hours:.1f} giờ",
               f"Sắc thái: {SENTIMENT_VI.get(it.get('sentiment'), 'chưa rõ')}",
               f"Thế hệ trong chuỗi: {g}"]
        nodes.append({
            "id": it["id"], "label": "" if len(items) > PHYSICS_MAX_NODES else _clean(who, 24),
            "title": "\n".join(tip), "shape": "square" if it.get("kind") == "article" else "dot",
            "color": SENTIMENT_COLOURS.get(it.get("sentiment"), SENTIMENT_COLOURS[None]), "size": 10 if g else 18,
            "x": round(hours / span_h * width, 1), "y": round(g * 90 + (slot % 7) * 12, 1),
        })
        if it["id"] in parent:
            edges.append({"from": it["id"], "to": parent[it["id"]], "title": it.get("parent_how") or "lan truyền"})
    opts = _options(physics=False)
    legend = [{"color": SENTIMENT_COLOURS[k], "label": f"Sắc thái {v}"} for k, v in SENTIMENT_VI.items()
              if k is not None]
    notes = ["Trục ngang: thời gian kể từ mục đầu tiên; trục dọc: thế hệ lan truyền (0 = nguồn).",
             "Hình vuông: bài báo; hình tròn: bài đăng mạng xã hội. Mũi tên chỉ tới mục được chia sẻ lại."]
    net = _network(nodes, edges, opts, heading=title)
    return render(net, title=title, subtitle=f"{len(nodes)} mục, kéo dài {span_h:.1f} giờ", legend=legend, notes=notes)
