"""Rendering a report's result for people and other programs: CSV (with a BOM, formulas neutralised), JSON,
XLSX and a Vietnamese HTML page with an inline SVG chart (Jinja2, autoescaped).

The result is any object with ``spec`` (``name``, ``title``, ``chart`` with ``kind``/``label``/``values``),
``params``, ``columns``, ``rows`` and ``ran_at`` — :class:`casework.reports.ReportResult` is one.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, select_autoescape

from common.errors import ReportParameterError

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FORMATS = ("csv", "json", "html", "xlsx")
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
ReportResult = Any  # casework.reports.ReportResult (viz does not import casework)


# ------------------------------------------------------------------ rendering
def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(_cell(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _safe_text(value: Any) -> Any:
    """Neutralise spreadsheet formulas in crawled text (CSV/XLSX injection) and drop control characters
    a workbook cannot hold."""
    if isinstance(value, str):
        value = _ILLEGAL_XLSX.sub("", value)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(value):
            return "'" + value
    return value


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def to_csv(result: ReportResult) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(result.columns)
    for r in result.rows:
        w.writerow([_safe_text(_cell(r.get(c))) for c in result.columns])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens Vietnamese correctly


def to_json(result: ReportResult) -> bytes:
    doc = {"report": result.spec.name, "title": result.spec.title, "params": result.params,
           "ran_at": result.ran_at.isoformat(), "columns": result.columns, "rows": result.rows}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def to_xlsx(result: ReportResult) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = result.spec.name[:31]
    ws.append([result.spec.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_ILLEGAL_XLSX.sub("", f"Chạy lúc {result.ran_at:%H:%M %d/%m/%Y}; tham số: "
                                 + ", ".join(f"{k}={v}" for k, v in result.params.items()))])
    ws.append([])
    ws.append(result.columns)
    for c in ws[4]:
        c.font = Font(bold=True)
    for r in result.rows:
        ws.append([_safe_text(_cell(r.get(c))) for c in result.columns])
    for i, col in enumerate(result.columns, start=1):
        width = max([len(str(col))] + [len(str(_cell(r.get(col)) or "")) for r in result.rows[:200]])
        ws.column_dimensions[ws.cell(row=4, column=i).column_letter].width = min(max(width + 2, 8), 60)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd")


def chart_model(result: ReportResult, *, max_bars: int = 20) -> dict[str, Any] | None:
    """Geometry of the report's chart (plain numbers and labels; the template escapes the labels)."""
    ch = result.spec.chart
    if ch is None or not result.rows:
        return None
    values = [v for v in ch.values if v in result.columns]
    if not values or ch.label not in result.columns:
        return None

    def num(x: Any) -> float:
        return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else 0.0

    if ch.kind == "bar":
        v = values[0]
        rows = sorted(result.rows, key=lambda r: -num(r.get(v)))[:max_bars]
        top = max((num(r.get(v)) for r in rows), default=0.0) or 1.0
        bar_h, label_w, width = 22, 260, 720
        bars = [{"y": i * bar_h, "w": round((width - label_w - 60) * num(r.get(v)) / top, 1),
                 "label": str(r.get(ch.label) or "—")[:45], "value": r.get(v)} for i, r in enumerate(rows)]
        return {"kind": "bar", "series": v, "bars": bars, "label_w": label_w, "bar_h": bar_h,
                "width": width, "height": bar_h * len(bars) + 10}
    # line: x = rows in order, one polyline per value column
    width, height, pad = 720, 240, 40
    n = len(result.rows)
    top = max((num(r.get(v)) for r in result.rows for v in values), default=0.0) or 1.0
    step = (width - 2 * pad) / max(n - 1, 1)
    series = []
    for k, v in enumerate(values):
        pts = [(round(pad + i * step, 1), round(height - pad - (height - 2 * pad) * num(r.get(v)) / top, 1))
               for i, r in enumerate(result.rows)]
        series.append({"name": v, "colour": _COLOURS[k % len(_COLOURS)],
                       "points": " ".join(f"{x},{y}" for x, y in pts), "dots": pts})
    ticks = [{"x": round(pad + i * step, 1), "label": str(r.get(ch.label))[-5:]}
             for i, r in enumerate(result.rows) if n <= 12 or i % math.ceil(n / 12) == 0]
    return {"kind": "line", "series": series, "ticks": ticks, "width": width, "height": height, "pad": pad,
            "top": top}


_HTML = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<title>{{ spec.title }}</title>
<style>
body{font-family:system-ui,"Segoe UI",Arial,sans-serif;margin:24px;color:#222}
h1{font-size:22px;margin:0 0 4px} .meta{color:#666;font-size:13px;margin-bottom:16px}
table{border-collapse:collapse;font-size:13px;width:100%} th,td{border:1px solid #ddd;padding:4px 6px;
text-align:left;vertical-align:top} th{background:#f3f5f8} tr:nth-child(even) td{background:#fafafa}
td.num{text-align:right} .empty{color:#666;font-style:italic} svg text{font-size:11px;fill:#333}
</style></head><body>
<h1>{{ spec.title }}</h1>
<div class="meta">Báo cáo <code>{{ spec.name }}</code> · chạy lúc {{ ran_at }} ·
{% for k, v in params.items() %}{{ k }} = <b>{{ v }}</b>{% if not loop.last %}, {% endif %}{% endfor %}
· {{ rows|length }} dòng</div>
{% if chart and chart.kind == 'bar' %}
<svg role="img" aria-label="Biểu đồ {{ chart.series }}" width="{{ chart.width }}" height="{{ chart.height }}"
 xmlns="http://www.w3.org/2000/svg">
{% for b in chart.bars %}<g transform="translate(0,{{ b.y }})">
<text x="{{ chart.label_w - 6 }}" y="15" text-anchor="end">{{ b.label }}</text>
<rect x="{{ chart.label_w }}" y="3" width="{{ b.w }}" height="{{ chart.bar_h - 6 }}" fill="#1f77b4"></rect>
<text x="{{ chart.label_w + b.w + 4 }}" y="15">{{ b.value }}</text></g>
{% endfor %}</svg>
{% elif chart and chart.kind == 'line' %}
<svg role="img" aria-label="Biểu đồ theo thời gian" width="{{ chart.width }}" height="{{ chart.height + 20 }}"
 xmlns="http://www.w3.org/2000/svg">
<line x1="{{ chart.pad }}" y1="{{ chart.height - chart.pad }}" x2="{{ chart.width - chart.pad }}"
 y2="{{ chart.height - chart.pad }}" stroke="#999"></line>
<text x="4" y="{{ chart.pad }}">{{ chart.top|round|int }}</text>
{% for s in chart.series %}<polyline fill="none" stroke="{{ s.colour }}" stroke-width="2"
 points="{{ s.points }}"></polyline>{% endfor %}
{% for t in chart.ticks %}<text x="{{ t.x }}" y="{{ chart.height - chart.pad + 16 }}"
 text-anchor="middle">{{ t.label }}</text>{% endfor %}
{% for s in chart.series %}<rect x="{{ chart.pad + loop.index0 * 130 }}" y="{{ chart.height + 4 }}" width="10"
 height="10" fill="{{ s.colour }}"></rect><text x="{{ chart.pad + loop.index0 * 130 + 14 }}"
 y="{{ chart.height + 13 }}">{{ labels.get(s.name, s.name) }}</text>{% endfor %}
</svg>
{% endif %}
{% if rows %}
<table><thead><tr>{% for c in columns %}<th>{{ labels.get(c, c) }}</th>{% endfor %}</tr></thead>
<tbody>{% for r in rows %}<tr>{% for c in columns %}{% set v = r.get(c) %}
<td{% if v is number %} class="num"{% endif %}>{{ cell(v) if v is not none else '' }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
{% else %}<p class="empty">Không có dữ liệu phù hợp với tham số đã chọn.</p>{% endif %}
</body></html>
"""

# Vietnamese column headings for the HTML and chart legends (identifiers stay English in csv/json/xlsx)
COLUMN_LABELS_VI = {
    "story_id": "Mã câu chuyện", "title": "Tiêu đề", "items": "Số mục", "articles": "Bài báo", "posts": "Bài đăng",
    "negative": "Tiêu cực", "negative_share": "Tỷ lệ tiêu cực", "first_at": "Xuất hiện đầu",
    "crisis_level": "Mức cảnh báo", "handling": "Hướng xử lý", "day": "Ngày", "new_stories": "Câu chuyện mới",
    "alerts": "Cảnh báo", "source": "Nguồn", "source_kind": "Loại nguồn", "stories": "Câu chuyện",
    "place_id": "Mã địa bàn", "place": "Địa bàn", "first_seen_at": "Thấy lần đầu", "account_id": "Tài khoản",
    "name": "Tên", "platform": "Nền tảng", "followers": "Người theo dõi", "engagement": "Tương tác",
    "first_post_at": "Đăng lần đầu", "is_origin": "Là nguồn gốc", "at": "Thời điểm", "item_id": "Mục",
    "kind": "Loại", "publisher": "Đăng bởi", "parent_id": "Lấy lại từ", "how": "Cách lan",
    "evidence_sha256": "SHA-256 bằng chứng", "text": "Nội dung", "group_id": "Nhóm", "group_size": "Cỡ nhóm",
    "by": "Dấu hiệu", "created_at": "Ngày tạo", "ties": "Số liên kết", "tie_weight": "Trọng số liên kết",
    "outlet_id": "Mã cơ quan báo chí", "outlet": "Cơ quan báo chí", "outlet_level": "Cấp",
    "journalist_id": "Mã nhà báo", "journalist": "Nhà báo", "resident": "Thường trú", "last_at": "Bài gần nhất",
    "cases": "Số hồ sơ", "open_cases": "Hồ sơ đang mở", "violations": "Vi phạm", "latest_case_id": "Hồ sơ mới nhất",
    "latest_opened_at": "Mở ngày", "feedback_id": "Mã phản ánh", "received_at": "Nhận lúc", "status": "Trạng thái",
    "category": "Loại phản ánh", "subject_kind": "Loại đối tượng", "subject_id": "Đối tượng",
    "message": "Nội dung phản ánh", "resolution": "Kết quả xử lý", "false_stories": "Số tin sai",
    "age_days": "Tuổi tài khoản (ngày)", "alert_id": "Mã cảnh báo", "level": "Mức", "reasons": "Lý do",
}

_env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
_env.globals["cell"] = _cell
_template = _env.from_string(_HTML)


def to_html(result: ReportResult) -> bytes:
    html = _template.render(
        spec=result.spec, params=result.params, rows=result.rows, columns=result.columns,
        ran_at=f"{result.ran_at.astimezone(LOCAL_TZ):%H:%M %d/%m/%Y}", chart=chart_model(result),
        labels=COLUMN_LABELS_VI,
    )
    return html.encode("utf-8")


RENDERERS = {"csv": to_csv, "json": to_json, "html": to_html, "xlsx": to_xlsx}
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(result: ReportResult, fmt: str) -> bytes:
    if fmt not in RENDERERS:
        raise ReportParameterError(f"định dạng {fmt!r} không hỗ trợ (chọn: {', '.join(FORMATS)})")
    return RENDERERS[fmt](result)
