"""Server-rendered pages (Jinja2, autoescape on): dashboard, story, account, reports, feedback form, login.
Everything shown comes through the template engine's escaping; charts are inline SVG built with escaped text."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

_TEMPLATES = Path(__file__).resolve().parent / "templates"
DISPLAY_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

CRISIS_VI = {0: "Bình thường", 1: "Theo dõi", 2: "Cảnh báo", 3: "Nghiêm trọng", 4: "Khủng hoảng"}
CRISIS_COLOUR = {0: "#2ca02c", 1: "#bcbd22", 2: "#ff7f0e", 3: "#d62728", 4: "#7f0000"}
SENTIMENT_VI = {"negative": "Tiêu cực", "positive": "Tích cực", "neutral": "Trung tính"}
HANDLING_VI = {"amplify": "Lan tỏa (tích cực, chính thống)", "limit": "Hạn chế (tiêu cực, phạm vi nhỏ)",
               "refute": "Phản bác (sai sự thật đang lan)", "crisis_response": "Ứng phó khủng hoảng",
               "watch": "Theo dõi (đang nổi)"}


def vn_time(value: Any) -> str:
    """ISO time → ``dd/mm/yyyy HH:MM`` in Asia/Ho_Chi_Minh (the raw text when it does not parse)."""
    if not value:
        return "—"
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if dt.tzinfo is not None:
        dt = dt.astimezone(DISPLAY_TZ)
    return dt.strftime("%d/%m/%Y %H:%M")


def number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "—"
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{v:,.{digits}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


@lru_cache(maxsize=1)
def env() -> Environment:
    e = Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=select_autoescape(["html"]),
                    trim_blocks=True, lstrip_blocks=True)
    e.filters.update(vn_time=vn_time, number=number,
                     crisis=lambda v: CRISIS_VI.get(int(v or 0), str(v)),
                     crisis_colour=lambda v: CRISIS_COLOUR.get(int(v or 0), "#777"),
                     sentiment=lambda v: SENTIMENT_VI.get(v, "Chưa rõ") if v else "Chưa rõ",
                     handling=lambda v: HANDLING_VI.get(v, v or "Chưa có"))
    return e


def render_page(template: str, **context: Any) -> str:
    """Render one page template; pass SVG built by :mod:`viz.charts` as ``Markup``."""
    return env().get_template(template).render(**context)


def svg(markup: str) -> Markup:
    """Mark chart SVG from :mod:`viz.charts` (which escapes its text) as safe to embed."""
    return Markup(markup)
