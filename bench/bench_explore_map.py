"""Investigator's map (issue 17): build and draw time of a 5,000-node account map and of a 50,000-account
network aggregated by community, and the time slider's steps on the 5,000-node map (the page's own filter:
hide what had not happened yet, redraw), in headless Chromium (Debian chromium + chromium-driver). Prints
figures; asserts nothing.

    .venv/bin/python bench/bench_explore_map.py [--nodes 5000] [--aggregate 50000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "integration" / "api"))

from viz.explore import account_view, community_view, page_assets, timeline  # noqa: E402
from viz.maps import script_json  # noqa: E402

PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>{css}</style><script>{js}</script></head>
<body><div id="net" style="width:1200px;height:900px"></div>
<script id="d" type="application/json">{data}</script><script>
var t0 = performance.now(); var v = JSON.parse(document.getElementById("d").textContent);
var net = new vis.Network(document.getElementById("net"), {{nodes: new vis.DataSet(v.nodes), edges: new vis.DataSet(v.edges)}},
  {{layout: {{improvedLayout: false}}, interaction: {{hover: true, tooltipDelay: 120}},
    nodes: {{shape: "dot", font: {{size: 13, face: "sans-serif"}}}},
    edges: {{smooth: false, color: {{inherit: "from", opacity: 0.45}}, arrows: {{to: {{enabled: true, scaleFactor: 0.4}}}}}},
    physics: v.physics ? {{enabled: true, solver: "forceAtlas2Based", stabilization: {{iterations: 150, fit: true}}}}
                       : {{enabled: false}}}});  // the options of viz/templates/explore.html
net.once("afterDrawing", function () {{ window.drawnMs = performance.now() - t0; }});
window.seekMs = function (at) {{  // what seek() in viz/templates/explore.html does for one slider step
  var t = performance.now(), nodes = net.body.data.nodes, edges = net.body.data.edges, nu = [], eu = [];
  var show = function (x) {{ return at == null || x.t === undefined || (x.t !== null && x.t <= at); }};
  var on = {{}};
  nodes.forEach(function (n) {{ var h = !show(n); on[n.id] = !h; if (!!n.hidden !== h) nu.push({{id: n.id, hidden: h}}); }});
  edges.forEach(function (e) {{
    if (!on[e.from] || !on[e.to]) return;
    var h = !show(e); if (!!e.hidden !== h) eu.push({{id: e.id, hidden: h}});
  }});
  if (nu.length) nodes.update(nu); if (eu.length) edges.update(eu);
  net.redraw(); return performance.now() - t;
}};
</script></body></html>"""


def synthetic(n: int, communities: int, seed: int = 0) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    accounts = [{"id": f"facebook:u{i}", "name": f"Tài khoản {i}", "platform": "facebook", "pagerank": rng.random() / n,
                 "community_id": f"c{rng.randrange(communities)}", "followers": rng.randint(0, 10**5)} for i in range(n)]
    edges = [{"source": f"facebook:u{rng.randrange(n)}", "target": f"facebook:u{rng.randrange(n)}",
              "count": rng.randint(1, 9)} for _ in range(3 * n)]
    return accounts, [e for e in edges if e["source"] != e["target"]]


def draw_ms(drv, view: dict) -> float:
    assets = page_assets()
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as f:
        f.write(PAGE.format(css=assets["vis_css"], js=assets["vis_js"], data=script_json(view)))
    t = time.perf_counter()
    drv.get(f"file://{f.name}")
    while drv.execute_script("return window.drawnMs") is None:
        if time.perf_counter() - t > 120:
            return float("nan")
        time.sleep(0.05)
    ms = drv.execute_script("return window.drawnMs")
    Path(f.name).unlink()
    return ms


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--aggregate", type=int, default=50_000)
    args = ap.parse_args()
    from browser import chromium

    accounts, edges = synthetic(args.nodes, 40)
    t = time.perf_counter()
    view = account_view(accounts, edges, community_labels={f"c{i}": f"Nhóm {i}" for i in range(40)})
    rng = random.Random(2)
    view = timeline(view, {a["id"]: 1_767_225_600_000 + rng.randrange(86_400_000) for a in accounts})
    build = time.perf_counter() - t
    big, big_edges = synthetic(args.aggregate, 300, seed=1)
    t = time.perf_counter()
    counts: dict[str, int] = {}
    for a in big:
        counts[a["community_id"]] = counts.get(a["community_id"], 0) + 1
    comm = {a["id"]: a["community_id"] for a in big}
    links: dict[tuple[str, str], int] = {}
    for e in big_edges:
        s, d = comm[e["source"]], comm[e["target"]]
        if s != d:
            links[(s, d)] = links.get((s, d), 0) + e["count"]
    out_links: dict[str, list[dict]] = {}
    for (s, d), w in links.items():
        out_links.setdefault(s, []).append({"target": d, "weight": w})
    rows = [{"id": c, "label": f"Nhóm {c}", "links": out_links.get(c, [])} for c in counts]
    agg = community_view(rows, counts)
    agg_build = time.perf_counter() - t
    with chromium() as drv:
        ms = draw_ms(drv, view)
        frames = view["timeline"]["frames"]
        steps = [drv.execute_script("return window.seekMs(arguments[0])", at) for at in [frames[0], *frames[1:], None]]
        agg_ms = draw_ms(drv, agg)
    print(f"account map: {len(view['nodes'])} nodes, {len(view['edges'])} edges, server build {build * 1000:.0f} ms, "
          f"Chromium draw {ms:.0f} ms (physics {'on' if view['physics'] else 'off, server layout'})")
    steps.sort()
    print(f"time slider on that map: {len(frames)} frames played from the first, one step median "
          f"{steps[len(steps) // 2]:.0f} ms, slowest {steps[-1]:.0f} ms, whole play {sum(steps):.0f} ms of work")
    print(f"aggregated map: {args.aggregate} accounts -> {len(agg['nodes'])} communities, {len(agg['edges'])} edges, "
          f"build {agg_build * 1000:.0f} ms, Chromium draw {agg_ms:.0f} ms")


if __name__ == "__main__":
    main()
