"""Maps and pages offline: escaping of crawled text, no CDN, physics off with a server layout above the
threshold, pages autoescaped, charts escaped."""

from __future__ import annotations

import json
import re

import pytest

from viz import charts, maps, pages

XSS = '</script><script>alert(1)</script><img src=x onerror=alert(2)>'


def _data(html: str) -> dict:
    m = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def test_script_json_cannot_close_the_script():
    s = maps.script_json({"t": XSS, "u": "a&b\u2028"})
    assert "<" not in s and ">" not in s and "&" not in s
    assert json.loads(s) == {"t": XSS, "u": "a&b\u2028"}


def test_network_map_escapes_labels_and_is_offline():
    accs = [{"id": f"a{i}", "name": XSS if i == 0 else f"Tài khoản {i}", "pagerank": 1 / (i + 1),
             "community_id": f"c{i % 3}", "platform": "facebook"} for i in range(20)]
    edges = [{"source": f"a{i}", "target": f"a{(i * 7) % 20}", "count": i + 1} for i in range(1, 20)]
    html = maps.network_map_html(accs, edges, subtitle=XSS)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "jsdelivr" not in html and "cdnjs" not in html and "https://" not in html.split("<script id=")[1]
    data = _data(html)
    assert data["options"]["physics"]["enabled"] is True
    node0 = next(n for n in data["nodes"] if n["id"] == "a0")
    assert node0["label"].startswith("</script>") and XSS[:30] in node0["title"]
    assert node0["size"] > next(n for n in data["nodes"] if n["id"] == "a19")["size"]
    widths = {(e["from"], e["to"]): e["width"] for e in data["edges"]}
    assert widths[("a19", "a13")] > widths[("a1", "a7")]
    assert len({n["color"] for n in data["nodes"]}) == 3
    assert "Chú giải" in html


def test_large_map_has_server_layout_and_physics_off():
    n = maps.PHYSICS_MAX_NODES + 50
    accs = [{"id": f"a{i}", "name": f"n{i}", "pagerank": 1 / (i + 1), "community_id": f"c{i % 5}"} for i in range(n)]
    edges = [{"source": f"a{i}", "target": f"a{(i * 13) % n}", "count": 1} for i in range(n)]
    data = _data(maps.network_map_html(accs, edges))
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in nd and "y" in nd for nd in data["nodes"])
    assert sum(1 for nd in data["nodes"] if nd["label"]) == maps.LABEL_TOP_NODES
    with pytest.raises(ValueError):
        maps.network_map_html([{"id": str(i)} for i in range(maps.MAX_MAP_NODES + 1)], [])


def test_cascade_map_time_axis_and_generations():
    items = [{"id": "r", "kind": "article", "at": "2025-08-01T08:00:00+07:00", "title": XSS, "sentiment": "negative"},
             {"id": "c1", "kind": "post", "at": "2025-08-01T09:00:00+07:00", "parent_id": "r"},
             {"id": "c2", "kind": "post", "at": "2025-08-01T10:00:00+07:00", "parent_id": "c1"}]
    html = maps.cascade_map_html(items, title=XSS)
    assert "<script>alert" not in html
    data = _data(html)
    pos = {nd["id"]: (nd["x"], nd["y"]) for nd in data["nodes"]}
    assert pos["r"][0] < pos["c1"][0] < pos["c2"][0] and pos["r"][1] < pos["c1"][1] < pos["c2"][1]
    assert {(e["from"], e["to"]) for e in data["edges"]} == {("c1", "r"), ("c2", "c1")}
    assert next(nd for nd in data["nodes"] if nd["id"] == "r")["shape"] == "square"


def test_community_map_aggregates():
    comms = [{"id": "c0", "size": 100, "label": XSS, "links": [{"target": "c1", "weight": 5}]},
             {"id": "c1", "size": 10, "links": [None]}]
    data = _data(maps.community_map_html(comms))
    assert len(data["nodes"]) == 2 and data["edges"][0]["value"] == 5


def test_pages_autoescape_and_filters():
    html = pages.render_page("error.html", principal=None, heading=XSS, message=XSS)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert pages.vn_time("2025-08-01T01:30:00+00:00") == "01/08/2025 08:30"
    assert pages.number(1234567.5, 1) == "1.234.567,5"


def test_charts_escape_and_handle_empty():
    svg = charts.bar_chart_svg([(XSS, 3.0), ("b", 1.0)], title=XSS)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Chưa có dữ liệu" in charts.line_chart_svg([])
    assert "<polyline" in charts.line_chart_svg([(0, 0), (1, 0)])


def test_network_legend_says_what_each_community_is_never_its_run_id():
    """The legend and tooltips named communities by the analysis run's ids ("Cộng đồng run-…:communities:0"):
    now by their description from their members, or by their rank when none is known; labels stay escaped."""
    run = "run-20261202T221359-c545f7:communities:"
    accs = [{"id": f"a{i}", "name": f"n{i}", "pagerank": 1 / (i + 1), "community_id": run + str(i % 3)}
            for i in range(12)]
    labels = {run + "0": "Cư dân Việt Trì · môi trường, giao thông", run + "1": XSS}
    html = maps.network_map_html(accs, [], community_labels=labels)
    assert "run-2026" not in html and "<script>alert" not in html
    assert "Cư dân Việt Trì · môi trường, giao thông (4 tài khoản)" in html
    assert "Cộng đồng 3 (4 tài khoản)" in html          # no description known: its rank
    node = next(n for n in _data(html)["nodes"] if n["id"] == "a0")
    assert "Cộng đồng: Cư dân Việt Trì" in node["title"]
