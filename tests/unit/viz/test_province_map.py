"""The province map's pure parts: cells around the 148 units' centres, colours, the SVG's escaping."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from viz.province_map import (
    APPROXIMATE,
    clip,
    convex_hull,
    level_colour,
    province_svg,
    scale_colour,
    voronoi_cells,
    widen,
)

GAZ = Path(__file__).resolve().parents[4] / "shared" / "gazetteer" / "phu_tho_wards_2025.csv"


def _area(poly) -> float:
    return abs(sum(poly[i - 1][0] * poly[i][1] - poly[i][0] * poly[i - 1][1] for i in range(len(poly)))) / 2


def _inside(p, poly) -> bool:
    n, hit = len(poly), False
    for i in range(n):
        (x1, y1), (x2, y2) = poly[i - 1], poly[i]
        if (y1 > p[1]) != (y2 > p[1]) and p[0] < x1 + (p[1] - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


@pytest.fixture(scope="module")
def centres() -> dict[str, tuple[float, float]]:
    with GAZ.open(encoding="utf-8") as f:
        return {r["ward_code_official_vietnamadminunits"]: (float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)}


def test_every_unit_gets_a_cell_holding_its_centre_and_cells_tile_the_outline(centres):
    assert len(centres) == 148
    cells = voronoi_cells(centres, margin=0.05)
    assert set(cells) == set(centres)
    for uid, cell in cells.items():
        assert _inside(centres[uid], cell), uid
        others = [c for k, c in centres.items() if k != uid]
        assert not any(_inside(o, cell) for o in others), uid  # a cell holds no other unit's centre
    window = widen(convex_hull(list(centres.values())), 0.05)
    assert sum(_area(c) for c in cells.values()) == pytest.approx(_area(window), rel=1e-6)  # no gap, no overlap


def test_clip_keeps_inside_and_drops_outside():
    square = [(0, 0), (1, 0), (1, 1), (0, 1)]
    assert _area(clip(square, [(-1, -1), (2, -1), (2, 2), (-1, 2)])) == pytest.approx(1.0)
    assert clip(square, [(5, 5), (6, 5), (6, 6), (5, 6)]) == []
    assert _area(clip(square, [(0.5, -1), (2, -1), (2, 2), (0.5, 2)])) == pytest.approx(0.5)


def test_colours():
    assert level_colour(None) == level_colour(0) != level_colour(4)
    assert level_colour(9) == level_colour(4)
    assert scale_colour(5, 0, 10) not in (scale_colour(0, 0, 10), scale_colour(10, 0, 10))
    assert scale_colour(-3, 0, 10) == scale_colour(0, 0, 10) and scale_colour(99, 0, 10) == scale_colour(10, 0, 10)
    assert scale_colour(3, 5, 5) == "#f7fbff"


def test_svg_escapes_names_and_links_and_marks_the_highlight():
    cells = {"a": [(0, 0), (1, 0), (1, 1)], "b": [(1, 0), (2, 0), (2, 1)]}
    evil = '<script>alert(1)</script>"onmouseover="x'
    svg = province_svg(cells, names={"a": evil, "b": "Xã B"}, fills={"a": "#d62728"},
                       links={"a": '/x?q="><script>', "b": "/b"}, highlight={"a"})
    assert "<script>" not in svg and "&lt;script&gt;" in svg and '"onmouseover' not in svg
    assert svg.count("<polygon") == 2 and svg.count('class="hl"') == 1
    assert svg.index('data-unit="b"') < svg.index('data-unit="a"')  # the highlight is drawn last, on top
    assert "gần đúng" in APPROXIMATE
