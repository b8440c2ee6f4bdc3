"""The province's map drawn offline as SVG (issue 18): no tile server, no boundary file.

The gazetteer gives each of the 148 units its centre (lat, lon) but no boundary, and no installed package ships
one, so each unit is drawn as the cell of the points nearer its centre than any other (a Voronoi cell), clipped to
the province's outline approximated by the hull of the centres widened by a margin: the map says so
("ranh giới gần đúng"). Pure functions; the page passes the values to colour by.

>>> cells = voronoi_cells({"a": (0.0, 0.0), "b": (1.0, 0.0), "c": (0.0, 1.0)}, margin=0.5)
>>> sorted(cells), all(len(p) >= 3 for p in cells.values())
(['a', 'b', 'c'], True)
>>> level_colour(4), scale_colour(0.0, 0.0, 1.0)
('#7f0000', '#f7fbff')
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

from markupsafe import escape

Point = tuple[float, float]
LEVEL_COLOURS = {0: "#e8ecef", 1: "#bcbd22", 2: "#ff7f0e", 3: "#d62728", 4: "#7f0000"}
APPROXIMATE = "ranh giới gần đúng: vùng quanh trung tâm mỗi đơn vị, không phải địa giới chính thức"


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: Sequence[Point]) -> list[Point]:
    """The convex hull, counter-clockwise (Andrew's monotone chain).

    >>> convex_hull([(0, 0), (1, 0), (1, 1), (0, 1), (0.5, 0.5)])
    [(0, 0), (1, 0), (1, 1), (0, 1)]
    """
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts
    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def widen(hull: Sequence[Point], margin: float, *, steps: int = 4) -> list[Point]:
    """A convex outline at ``margin`` around the hull (each corner rounded with ``steps`` points), counter-clockwise."""
    out: list[Point] = []
    n = len(hull)
    for i, (x, y) in enumerate(hull):
        px, py = hull[i - 1]
        nx, ny = hull[(i + 1) % n]
        a0 = math.atan2(y - py, x - px) - math.pi / 2
        a1 = math.atan2(ny - y, nx - x) - math.pi / 2
        while a1 < a0:
            a1 += 2 * math.pi
        for k in range(steps + 1):
            a = a0 + (a1 - a0) * k / steps
            out.append((x + margin * math.cos(a), y + margin * math.sin(a)))
    return convex_hull(out)


def clip(subject: Sequence[Point], window: Sequence[Point]) -> list[Point]:
    """``subject`` clipped to the convex counter-clockwise polygon ``window`` (Sutherland–Hodgman).

    >>> clip([(0, 0), (2, 0), (2, 2), (0, 2)], [(1, 1), (3, 1), (3, 3), (1, 3)])
    [(1.0, 1.0), (2.0, 1.0), (2, 2), (1.0, 2.0)]
    """
    out = list(subject)
    for i in range(len(window)):
        a, b = window[i - 1], window[i]
        src, out = out, []
        if not src:
            break
        for j in range(len(src)):
            p, q = src[j - 1], src[j]
            p_in, q_in = _cross(a, b, p) >= 0, _cross(a, b, q) >= 0
            if q_in:
                if not p_in:
                    out.append(_meet(a, b, p, q))
                out.append(q)
            elif p_in:
                out.append(_meet(a, b, p, q))
    return out


def _meet(a: Point, b: Point, p: Point, q: Point) -> Point:
    d1, d2 = _cross(a, b, p), _cross(a, b, q)
    t = d1 / (d1 - d2)
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def voronoi_cells(centres: Mapping[str, Point], *, margin: float = 0.05) -> dict[str, list[Point]]:
    """Each id's cell (the points nearer its centre than any other's), clipped to the centres' hull widened by
    ``margin`` (in the centres' units). Far mirror points make every real cell finite before clipping."""
    from scipy.spatial import Voronoi

    ids = list(centres)
    pts = [centres[i] for i in ids]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    span = max(max(xs) - min(xs), max(ys) - min(ys), margin) * 10
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    far = [(cx - span, cy - span), (cx + span, cy - span), (cx + span, cy + span), (cx - span, cy + span)]
    vor = Voronoi(pts + far)
    window = widen(convex_hull(pts), margin)
    out = {}
    for k, uid in enumerate(ids):
        region = vor.regions[vor.point_region[k]]
        if not region or -1 in region:
            continue
        cell = convex_hull([tuple(vor.vertices[v]) for v in region])
        out[uid] = clip(cell, window)
    return out


def level_colour(level: int | None) -> str:
    return LEVEL_COLOURS.get(max(0, min(4, int(level or 0))), LEVEL_COLOURS[0])


def scale_colour(value: float | None, lo: float, hi: float, *, low: str = "#f7fbff", high: str = "#08306b") -> str:
    """``value`` on a linear scale from ``low`` (at ``lo`` or below, or no value) to ``high`` (at ``hi``).

    >>> scale_colour(10, 0, 10), scale_colour(None, 0, 10)
    ('#08306b', '#f7fbff')
    """
    if value is None or hi <= lo:
        return low
    t = max(0.0, min(1.0, (float(value) - lo) / (hi - lo)))
    a = [int(low[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))


def province_svg(cells: Mapping[str, Sequence[Point]], *, names: Mapping[str, str], fills: Mapping[str, str],
                 links: Mapping[str, str], highlight: set[str] | None = None, titles: Mapping[str, str] | None = None,
                 width: int = 900, max_height: int = 680) -> str:
    """The map as one ``<svg>``: a cell per unit (lon → x, lat → y upwards), filled, linked, titled; every name and
    link escaped. ``highlight``ed cells get a thick outline and ``class="hl"``."""
    highlight = highlight or set()
    allp = [p for c in cells.values() for p in c]
    if not allp:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40" class="province-map"></svg>'
    x0, x1 = min(p[0] for p in allp), max(p[0] for p in allp)
    y0, y1 = min(p[1] for p in allp), max(p[1] for p in allp)
    k = math.cos(math.radians((y0 + y1) / 2))  # degrees of longitude are shorter than of latitude
    sx = min(width / max((x1 - x0) * k, 1e-9), max_height / max(y1 - y0, 1e-9))
    width = round((x1 - x0) * k * sx)
    height = round((y1 - y0) * sx)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" class="province-map" role="img" aria-label="{escape(APPROXIMATE)}">']
    for uid in sorted(cells, key=lambda u: u in highlight):
        pts = " ".join(f"{(x - x0) * k * sx:.1f},{(y1 - y) * sx:.1f}" for x, y in cells[uid])
        hl = uid in highlight
        cls = ' class="hl"' if hl else ""
        title = (titles or {}).get(uid) or names.get(uid, uid)
        parts.append(f'<a href="{escape(links.get(uid, "#"))}" data-unit="{escape(uid)}"{cls}>'
                     f'<polygon points="{pts}" fill="{escape(fills.get(uid, LEVEL_COLOURS[0]))}" '
                     f'stroke="{"#000" if hl else "#fff"}" stroke-width="{3 if hl else 0.8}">'
                     f'<title>{escape(title)}</title></polygon></a>')
    parts.append("</svg>")
    return "".join(parts)


def unit_centres(gazetteer_dir: str | Path) -> dict[str, Point]:
    """Each current unit's place id (``place:<5-digit official code>``) → its centre as (lon, lat), from the
    gazetteer's ``phu_tho_wards_2025.csv``."""
    import csv

    path = Path(gazetteer_dir) / "phu_tho_wards_2025.csv"
    with path.open(encoding="utf-8") as f:
        return {f"place:{int(r['ward_code_official_vietnamadminunits']):05d}": (float(r["lon"]), float(r["lat"]))
                for r in csv.DictReader(f) if r.get("lat") and r.get("lon")}
