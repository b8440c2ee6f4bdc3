"""What a reader sees on an article page: the headline, the article's own area, its printed publication time.

Metadata (JSON-LD, OpenGraph) is what the CMS says; inspectors cite the page. These functions read the page.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from lxml import etree
from parsel import Selector

from etl.extraction import outlet_rules as selectors
from etl.extraction.dates import find_datetimes, has_full_date, has_time_of_day, parse_vn_datetime
from etl.extraction.entities import decode_entities

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_LOGO = re.compile(r"logo|brand|site-?name|masthead", re.I)
_DATE_CLASS = re.compile(r"date|time|publish|pdate|ngay|thoigian|post-?meta|article-?meta|detail-?meta", re.I)
_SKIP_DATE_CLASS = re.compile(r"update|modif|comment|related|relate|lien-?quan|sidebar|weather", re.I)
# how far after the headline (in characters of visible text) the printed time is looked for
HEADER_WINDOW = 600


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = _WS.sub(" ", unicodedata.normalize("NFC", decode_entities(text) or "")).strip()
    return text or None


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def similarity(a: str, b: str) -> float:
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _classes(el) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _in_logo(el) -> bool:
    node = el
    for _ in range(4):
        if node is None or not isinstance(node.tag, str):
            return False
        if _LOGO.search(_classes(node)) or node.tag in ("nav",):
            return True
        node = node.getparent()
    return False


def _heading_text(el) -> str | None:
    text = clean(selectors.node_text(Selector(root=el)))
    if not text:  # a headline set as an image: its alt text is the title
        alts = [clean(a) for a in el.xpath(".//img/@alt") if clean(a)]
        text = alts[0] if alts else None
    return text


def headline(sel: Selector, outlet_css: list[str] | None, hints: list[str], outlet_names: set[str]):
    """(title, element) of the visible headline, or (None, None). Outlet selectors first, then every ``<h1>``
    that is not the site's logo or name; among several, the one closest to the metadata titles in ``hints``. A
    short heading unlike every hint (a section name) is not a headline."""
    hints = [h for h in (clean(x) for x in hints) if h]
    candidates: list[tuple[str, object]] = []
    for css in outlet_css or []:
        css = css.replace("::text", "")
        try:
            found = sel.css(css)
        except Exception:  # noqa: BLE001 - a bad selector in the data is skipped
            continue
        for node in found:
            if isinstance(node.root, etree._Element) and (t := _heading_text(node.root)):
                candidates.append((t, node.root))
        if candidates:
            break
    if not candidates:
        for el in sel.root.iter("h1"):
            if _in_logo(el):
                continue
            t = _heading_text(el)
            if t:
                candidates.append((t, el))
    good = []
    for t, el in candidates:
        if t.casefold() in outlet_names or len(t) < 6:
            continue
        best = max((similarity(t, h) for h in hints), default=None)
        if best is not None and best < 0.3 and len(t.split()) <= 3:
            continue
        good.append((best or 0.0, t, el))
    if not good:
        return None, None
    if len(good) > 1 and hints:
        good.sort(key=lambda g: -g[0])  # stable: document order among equals
    return good[0][1], good[0][2]


def article_scope(tree, head, body):
    """The smallest element holding both the headline and the body (the article, without the page's
    sidebars where the layout allows), or the one that exists, or the page."""
    if head is not None and body is not None:
        ancestors = {id(a): a for a in body.iterancestors()}
        ancestors[id(body)] = body
        node = head
        while node is not None:
            if id(node) in ancestors:
                return node
            node = node.getparent()
    for el in (head, body):
        if el is not None:
            art = next((a for a in el.iterancestors("article")), None)
            if art is not None:
                return art
    if body is not None:
        return body.getparent() if body.getparent() is not None else body
    return tree


def _positions(tree) -> dict[int, int]:
    return {id(node): i for i, node in enumerate(tree.iter())}


def printed_time(tree, scope, head, outlet_date_css: list[str] | None, sel: Selector, *, now: datetime):
    """(datetime, has time of day, method) of the publication time printed on the page, or None.

    Tried in order: the outlet's date selectors; elements of the article area whose class names a date or time,
    nearest after the headline first; the text right after the headline (``HEADER_WINDOW`` characters). Only
    dates that print their year count (a year-less "24/03" is not guessed into the current year), or an
    outlet selector's relative form ("3 giờ trước"). Dates labelled as updates are skipped."""
    for css in outlet_date_css or []:
        try:
            values = [v for v in (selectors.node_text(n) if not isinstance(n.root, str) else n.root
                                  for n in sel.css(css)) if v and v.strip()]
        except Exception:  # noqa: BLE001
            continue
        for raw in values:
            raw = clean(raw) or ""
            if has_full_date(raw) or re.search(r"trước|hôm qua|hôm nay|vừa xong", raw, re.I):
                dt = parse_vn_datetime(raw, now=now)
                if dt is not None:
                    return dt, has_time_of_day(raw) or not has_full_date(raw), "selectors"
    positions: dict[int, int] | None = None
    head_pos = -1
    found = []
    for el in scope.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "meta", "link"):
            continue
        cls = _classes(el)
        if not _DATE_CLASS.search(cls) or _SKIP_DATE_CLASS.search(cls):
            continue
        text = clean(selectors.node_text(Selector(root=el))) or clean(el.get("datetime")) or ""
        if len(text) > 200:
            continue
        hits = find_datetimes(text, now=now, limit=2)
        if not hits and el.get("datetime"):
            dt = parse_vn_datetime(el.get("datetime"), now=now)
            hits = [(dt, has_time_of_day(el.get("datetime")), 0)] if dt and has_full_date(el.get("datetime")) else []
        if hits:
            if positions is None:
                positions = _positions(tree)
                head_pos = positions.get(id(head), -1) if head is not None else -1
            pos = positions.get(id(el), -1)
            found.append((pos < head_pos, abs(pos - head_pos), not hits[0][1], hits[0]))
    if found:
        found.sort(key=lambda f: f[:3])
        dt, timed, _ = found[0][3]
        return dt, timed, "visible"
    if head is not None:
        text = selectors.node_text(Selector(root=scope))
        title = clean(selectors.node_text(Selector(root=head))) or ""
        start = text.find(title[:40]) if title else -1
        if start >= 0:
            window = text[start + len(title): start + len(title) + HEADER_WINDOW]
            timed = [h for h in find_datetimes(window, now=now, limit=5) if h[1]]
            if timed:
                return timed[0][0], True, "visible-header"
    return None
