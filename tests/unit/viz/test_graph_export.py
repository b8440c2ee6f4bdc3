"""Map exports: hostile labels stay data (XML-escaped, no formula runs), files parse as GEXF/GraphML/CSV."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest

from viz.explore import account_view, community_view, export_tables, label_budget
from viz.graph_export import csv_cell, to_csv_zip, to_gexf, to_graphml

XSS = '<img src=x onerror="window.__xss=1">Người "lạ" & <b>bạn</b>\x01'
NODES = [{"id": "facebook:a", "label": XSS, "kind": "account", "platform": "facebook", "community": "c1",
          "community_label": "=cmd|' /C calc'!A0", "pagerank": 0.25, "followers": 12, "masked": False},
         {"id": "an-danh:123", "label": "@SUM(1+1)", "kind": "account", "masked": True}]
EDGES = [{"source": "an-danh:123", "target": "facebook:a", "weight": 3}]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_are_prefixed(cell):
    assert csv_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Báo Phú Thọ", "a=b", "", 5, -2.5, None])
def test_other_cells_unchanged(cell):
    assert csv_cell(cell) == cell


def test_csv_zip_has_nodes_and_edges_with_guarded_cells():
    z = zipfile.ZipFile(io.BytesIO(to_csv_zip(NODES, EDGES)))
    assert sorted(z.namelist()) == ["edges.csv", "nodes.csv"]
    nodes = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode("utf-8-sig"))))
    assert nodes[0]["label"] == XSS  # kept as text
    assert nodes[0]["community_label"].startswith("'=")
    assert nodes[1]["label"] == "'@SUM(1+1)"
    edges = list(csv.DictReader(io.StringIO(z.read("edges.csv").decode("utf-8-sig"))))
    assert edges == [{"source": "an-danh:123", "target": "facebook:a", "weight": "3"}]


def test_gexf_parses_and_keeps_hostile_label_as_text():
    text = to_gexf(NODES, EDGES, title="<t>")
    assert "<img" not in text and "<b>" not in text
    root = ET.fromstring(text)
    ns = {"g": "http://gexf.net/1.3"}
    nodes = root.findall(".//g:node", ns)
    assert [n.get("id") for n in nodes] == ["facebook:a", "an-danh:123"]
    assert nodes[0].get("label") == XSS.replace("\x01", "")
    edge = root.find(".//g:edge", ns)
    assert (edge.get("source"), edge.get("target"), edge.get("weight")) == ("an-danh:123", "facebook:a", "3")
    titles = {a.get("id"): a.get("title") for a in root.findall(".//g:attribute", ns)}
    masked_id = next(k for k, v in titles.items() if v == "masked")
    vals = {v.get("for"): v.get("value") for v in nodes[1].findall(".//g:attvalue", ns)}
    assert vals[masked_id] == "true"


def test_graphml_parses_and_keeps_hostile_label_as_text():
    text = to_graphml(NODES, EDGES)
    assert "<img" not in text
    root = ET.fromstring(text)
    ns = {"m": "http://graphml.graphdrawing.org/xmlns"}
    node = root.find(".//m:node", ns)
    data = {d.get("key"): d.text for d in node.findall("m:data", ns)}
    assert data["label"] == XSS.replace("\x01", "") and data["pagerank"] == "0.25"
    assert root.find(".//m:graph", ns).get("edgedefault") == "directed"
    assert len(root.findall(".//m:edge", ns)) == 1


def test_account_view_labels_only_what_fits_and_names_communities():
    accounts = [{"id": f"a{i}", "name": f"Tài khoản {i}", "pagerank": 1.0 / (i + 1),
                 "community_id": "run-2026:communities:0" if i % 2 else "run-2026:communities:1"} for i in range(400)]
    edges = [{"source": f"a{i}", "target": f"a{i + 1}", "count": i % 5 + 1} for i in range(399)]
    v = account_view(accounts, edges, community_labels={"run-2026:communities:0": "Quanh Báo Phú Thọ"},
                     highlight=["a399"])
    labelled = [n["id"] for n in v["nodes"] if n["label"]]
    assert len(labelled) == label_budget(400) + 1 and "a399" in labelled and "a0" in labelled
    assert all(n["title"].startswith(f"Tài khoản {n['id'][1:]}") for n in v["nodes"])  # full text on hover
    assert not v["physics"] and all("x" in n for n in v["nodes"])  # large: server layout
    legend = [item["label"] for item in v["legend"]]
    assert "Quanh Báo Phú Thọ (200 tài khoản)" in legend
    assert not any("run-2026" in label for label in legend)  # never a run id
    widths = {e["count"]: e["width"] for e in v["edges"]}
    assert widths[5] > widths[1]


def test_community_view_sizes_by_matching_accounts_and_drops_empty():
    rows = [{"id": "c0", "label": "Nhóm A", "links": [{"target": "c1", "weight": 4}, {"target": "cx", "weight": 9}],
             "top_accounts": ["x"]},
            {"id": "c1", "label": None, "links": []}, {"id": "c2", "label": "Trống", "links": []}]
    v = community_view(rows, {"c0": 50, "c1": 5})
    assert [n["id"] for n in v["nodes"]] == ["c0", "c1"] and v["mode"] == "communities"
    assert v["nodes"][0]["size"] > v["nodes"][1]["size"]
    assert v["nodes"][1]["label"] == "Cộng đồng 2"
    assert [(e["from"], e["to"], e["count"]) for e in v["edges"]] == [("c0", "c1", 4)]
    nodes, edges = export_tables(v)
    assert nodes[0]["label"] == "Nhóm A" and edges == [{"source": "c0", "target": "c1", "weight": 4}]


def test_community_view_keeps_only_the_heaviest_links():
    rows = [{"id": f"c{i}", "label": f"N{i}", "links": [{"target": f"c{j}", "weight": i * 10 + j}
                                                          for j in range(10) if j != i]} for i in range(10)]
    v = community_view(rows, {f"c{i}": 1 for i in range(10)}, max_edges_per_node=2)
    assert len(v["edges"]) == 20
    assert min(e["count"] for e in v["edges"]) > max(
        link["weight"] for r in rows for link in r["links"]
        if (r["id"], link["target"]) not in {(e["from"], e["to"]) for e in v["edges"]})


def test_account_view_merges_parallel_edges():
    accounts = [{"id": "a", "pagerank": 0.1}, {"id": "b", "pagerank": 0.2}]
    v = account_view(accounts, [{"source": "a", "target": "b", "count": 2}, {"source": "a", "target": "b", "count": 3},
                                {"source": "a", "target": "zz", "count": 9}])
    assert [(e["id"], e["count"]) for e in v["edges"]] == [("a>b", 5)]
