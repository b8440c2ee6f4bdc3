"""Small inline-SVG charts for pages and reports (no JavaScript, no CDN). Text is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def _fmt(v: float) -> str:
    if abs(v) >= 1000:
        return f"{v:,.0f}".replace(",", ".")
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}"


def line_chart_svg(points: Sequence[tuple[float, float]], *, width: int = 640, height: int = 220,
                   x_label: str = "", y_label: str = "", title: str = "") -> str:
    """A step-free polyline chart of ``(x, y)`` points with axes and 4 ticks each.

    >>> '<polyline' in line_chart_svg([(0, 0), (1, 3), (2, 5)])
    True
    """
    pad_l, pad_r, pad_t, pad_b = 52, 12, 24 if title else 10, 36
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{escape(title or y_label)}">']
    if title:
        parts.append(f'<text x="{pad_l}" y="16" font-size="13" font-weight="600">{escape(title)}</text>')
    if not points:
        parts.append(f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" fill="#777">'
                     "Chưa có dữ liệu</text></svg>")
        return "".join(parts)
    xs, ys = [float(p[0]) for p in points], [float(p[1]) for p in points]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(0.0, min(ys)), max(ys)
    x1 = x1 if x1 > x0 else x0 + 1
    y1 = y1 if y1 > y0 else y0 + 1

    def px(x: float) -> float:
        return pad_l + (x - x0) / (x1 - x0) * w

    def py(y: float) -> float:
        return pad_t + h - (y - y0) / (y1 - y0) * h

    parts.append(f'<line x1="{pad_l}" y1="{pad_t + h}" x2="{pad_l + w}" y2="{pad_t + h}" stroke="#999"/>')
    parts.append(f'<line x1="{pad_l}" y1="{pad_t}" x2="{pad_l}" y2="{pad_t + h}" stroke="#999"/>')
    for i in range(5):
        yv = y0 + (y1 - y0) * i / 4
        xv = x0 + (x1 - x0) * i / 4
        parts.append(f'<text x="{pad_l - 6}" y="{py(yv) + 4:.1f}" font-size="11" text-anchor="end" fill="#555">'
                     f"{_fmt(yv)}</text>")
        parts.append(f'<text x="{px(xv):.1f}" y="{pad_t + h + 14}" font-size="11" text-anchor="middle" '
                     f'fill="#555">{_fmt(xv)}</text>')
    pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, ys, strict=True))
    parts.append(f'<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="{pts}"/>')
    if x_label:
        parts.append(f'<text x="{pad_l + w / 2:.0f}" y="{height - 4}" font-size="11" text-anchor="middle">'
                     f"{escape(x_label)}</text>")
    if y_label:
        parts.append(f'<text x="12" y="{pad_t + h / 2:.0f}" font-size="11" text-anchor="middle" '
                     f'transform="rotate(-90 12 {pad_t + h / 2:.0f})">{escape(y_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart_svg(bars: Sequence[tuple[str, float]], *, width: int = 640, bar_height: int = 20,
                  title: str = "", colour: str = "#d62728") -> str:
    """Horizontal bars with escaped labels.

    >>> '&lt;b&gt;' in bar_chart_svg([("<b>", 2.0)])
    True
    """
    label_w, pad_t = 220, 24 if title else 6
    height = pad_t + max(1, len(bars)) * (bar_height + 6) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="{escape(title)}">']
    if title:
        parts.append(f'<text x="4" y="16" font-size="13" font-weight="600">{escape(title)}</text>')
    if not bars:
        parts.append(f'<text x="4" y="{pad_t + 14}" fill="#777" font-size="12">Chưa có dữ liệu</text></svg>')
        return "".join(parts)
    vmax = max(v for _, v in bars) or 1.0
    for i, (label, v) in enumerate(bars):
        y = pad_t + i * (bar_height + 6)
        short = label if len(label) <= 28 else label[:27] + "…"
        bw = max(1.0, (width - label_w - 60) * v / vmax)
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_height * 0.7:.1f}" font-size="12" text-anchor="end">'
                     f"<title>{escape(label)}</title>{escape(short)}</text>")
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bw:.1f}" height="{bar_height}" fill="{escape(colour)}"/>')
        parts.append(f'<text x="{label_w + bw + 4:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="12">{_fmt(v)}</text>')
    parts.append("</svg>")
    return "".join(parts)
