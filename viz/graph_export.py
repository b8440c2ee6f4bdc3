"""Map exports an investigator takes elsewhere: CSV of nodes and edges, GEXF and GraphML (Gephi).

Inputs are already masked by the caller (:mod:`api.masking`). Crawled labels are hostile: XML text and
attributes are escaped (``xml.sax.saxutils``, control characters dropped), and CSV cells that a spreadsheet
would run as a formula (starting with ``= + - @``, tab or carriage return) get a leading apostrophe.

>>> csv_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> csv_cell(-3), csv_cell("Báo Phú Thọ")
(-3, 'Báo Phú Thọ')
>>> "<script>" in to_gexf([{"id": "a", "label": "<script>"}], [])
False
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

NODE_FIELDS = ("id", "label", "kind", "platform", "community", "community_label", "pagerank", "followers", "masked")
EDGE_FIELDS = ("source", "target", "weight")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TYPES = {"pagerank": ("double", "double"), "followers": ("long", "long"), "masked": ("boolean", "boolean")}


def csv_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: strings starting like a formula get a leading ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(rows: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(fields)
    for r in rows:
        w.writerow([csv_cell("" if r.get(f) is None else r.get(f)) for f in fields])
    return buf.getvalue()


def to_csv_zip(nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]]) -> bytes:
    """``nodes.csv`` and ``edges.csv`` (UTF-8 with BOM, for spreadsheets) in one zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("nodes.csv", "\ufeff" + _csv(nodes, NODE_FIELDS))
        z.writestr("edges.csv", "\ufeff" + _csv(edges, EDGE_FIELDS))
    return out.getvalue()


def nodes_csv(nodes: Sequence[Mapping[str, Any]]) -> str:
    return _csv(nodes, NODE_FIELDS)


def edges_csv(edges: Sequence[Mapping[str, Any]]) -> str:
    return _csv(edges, EDGE_FIELDS)


def _text(value: Any) -> str:
    return escape(_XML_BAD.sub("", "" if value is None else str(value)))


def _attr(value: Any) -> str:
    return quoteattr(_XML_BAD.sub("", "" if value is None else str(value)))


def _value(field: str, value: Any) -> str:
    if field == "masked":
        return "true" if value else "false"
    return _text(value)


_ATTR_FIELDS = tuple(f for f in NODE_FIELDS if f not in ("id", "label"))


def to_gexf(nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]], *,
            title: str = "Lan Tỏa") -> str:
    """GEXF 1.3 (directed; edge weight = amplification count)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
           f"<meta><creator>Lan Tỏa</creator><description>{_text(title)}</description></meta>",
           '<graph defaultedgetype="directed" mode="static">', '<attributes class="node">']
    for i, f in enumerate(_ATTR_FIELDS):
        out.append(f'<attribute id="{i}" title="{f}" type="{_TYPES.get(f, ("string",))[0]}"/>')
    out.append("</attributes><nodes>")
    for n in nodes:
        vals = "".join(f'<attvalue for="{i}" value={_attr(_value(f, n.get(f)) if f == "masked" else n.get(f))}/>'
                       for i, f in enumerate(_ATTR_FIELDS) if n.get(f) is not None)
        out.append(f"<node id={_attr(n['id'])} label={_attr(n.get('label') or n['id'])}>"
                   f"<attvalues>{vals}</attvalues></node>")
    out.append("</nodes><edges>")
    for k, e in enumerate(edges):
        out.append(f'<edge id="{k}" source={_attr(e["source"])} target={_attr(e["target"])} '
                   f'weight="{float(e.get("weight") or 1):g}"/>')
    out.append("</edges></graph></gexf>")
    return "\n".join(out) + "\n"


def to_graphml(nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]]) -> str:
    """GraphML (directed; keys for every node field and the edge weight)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           '<key id="label" for="node" attr.name="label" attr.type="string"/>']
    for f in _ATTR_FIELDS:
        out.append(f'<key id="{f}" for="node" attr.name="{f}" attr.type="{_TYPES.get(f, ("string", "string"))[1]}"/>')
    out.append('<key id="weight" for="edge" attr.name="weight" attr.type="double"/>')
    out.append('<graph id="G" edgedefault="directed">')
    for n in nodes:
        data = [f'<data key="label">{_text(n.get("label") or n["id"])}</data>']
        data += [f'<data key="{f}">{_value(f, n.get(f))}</data>' for f in _ATTR_FIELDS if n.get(f) is not None]
        out.append(f"<node id={_attr(n['id'])}>{''.join(data)}</node>")
    for k, e in enumerate(edges):
        out.append(f'<edge id="e{k}" source={_attr(e["source"])} target={_attr(e["target"])}>'
                   f'<data key="weight">{float(e.get("weight") or 1):g}</data></edge>')
    out.append("</graph></graphml>")
    return "\n".join(out) + "\n"
