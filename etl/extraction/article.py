"""Extract one article record from one HTML page (pure: no I/O, no clock unless you pass none).

>>> html = ('<html lang="vi"><head><script type="application/ld+json">{"@type":"NewsArticle",'
...         '"headline":"Phú Thọ khai mạc lễ hội","datePublished":"2025-07-03T08:15:00+07:00",'
...         '"author":{"@type":"Person","name":"Minh Anh"}}</script></head><body><p>x</p></body></html>')
>>> rec = extract_article(html, "https://baophutho.vn/a-1.htm?utm_source=fb")
>>> rec.title, rec.published_at, rec.authors, rec.canonical_url
('Phú Thọ khai mạc lễ hội', '2025-07-03T08:15:00+07:00', ['Minh Anh'], 'https://baophutho.vn/a-1.htm')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from lxml import etree
from parsel import Selector
from w3lib.encoding import html_body_declared_encoding, html_to_unicode

from etl.extraction import jsonld, meta, visible
from etl.extraction import outlet_rules as selectors
from etl.extraction.bylines import (
    is_byline_line,
    is_person_name,
    parse_byline,
    read_byline,
    source_attribution,
    source_line,
    strip_source_tag,
)
from etl.extraction.dates import VN_TZ, has_full_date, has_time_of_day, parse_vn_datetime, to_vn
from etl.extraction.entities import decode_entities
from etl.urls import outlet_id, try_canonicalize
from nlp.fingerprint import content_hash

_VI_CHARS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
_MOJIBAKE = re.compile("Ã.|á»|áº|Ä‘|Æ°")
_WS = re.compile(r"\s+")
# a page dated at most this far after its capture is read as clock skew (the outlet's or ours) and clamped to
# the capture time; further ahead it is a typo or a wrong time zone and the date is not used at all
FUTURE_SKEW_TOLERANCE = timedelta(minutes=15)
# a body longer than this is padding or a broken page, not an article (the longest long-reads are ~60 000)
MAX_TEXT_CHARS = 200_000


@dataclass(slots=True)
class ArticleRecord:
    url: str
    canonical_url: str
    outlet_id: str
    title: str | None = None
    lead: str | None = None
    text: str | None = None
    authors: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)  # "Ảnh: …" credits: not authors
    source_tag: str | None = None           # "(Dân trí) -", "PTO-": the outlet's own tag
    attributed_source: str | None = None    # "Theo VnExpress": the text says it copies from there
    published_at: str | None = None         # ISO 8601, Asia/Ho_Chi_Minh; never after the capture time
    published_at_claimed: str | None = None  # the page's own date when it was after the capture (not trusted)
    modified_at: str | None = None
    published_precision: str | None = None  # "minute" or "day"
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    links: list[str] = field(default_factory=list)
    content_hash: str | None = None
    encoding: str | None = None
    methods: dict[str, str] = field(default_factory=dict)  # field -> jsonld|meta|selectors|generic|trafilatura
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def decode_html(body: bytes | str, content_type: str | None = None) -> tuple[str, str, str | None]:
    """(text, encoding, warning). Trusts BOM, then the HTTP header, then ``<meta charset>``; when the declared
    encoding yields mojibake and the bytes are valid UTF-8, UTF-8 wins and a warning says so."""
    if isinstance(body, str):
        return body, "unicode", None
    encoding, text = html_to_unicode(content_type, body)
    warning = None
    if encoding.lower().replace("-", "") not in ("utf8", "utf8sig"):
        try:
            utf = body.decode("utf-8")
        except UnicodeDecodeError:
            utf = None
        if utf is not None and (_MOJIBAKE.search(text) or _vi_ratio(utf) > _vi_ratio(text) + 0.005):
            declared = encoding
            encoding, text = "utf-8", utf
            warning = f"declared encoding {declared} is wrong; decoded as UTF-8"
    elif "\ufffd" in text[:20000]:
        declared = html_body_declared_encoding(body) or "utf-8"
        # Vietnamese legacy pages: windows-1258 bytes (decomposed tones) declared as UTF-8
        legacy = unicodedata.normalize("NFC", body.decode("cp1258", errors="replace"))
        if _vi_ratio(legacy) > _vi_ratio(text) and legacy.count("\ufffd") < text.count("\ufffd"):
            encoding, text = "cp1258", legacy
            warning = f"declared encoding {declared} is wrong; decoded as windows-1258"
        else:
            warning = f"invalid bytes for declared encoding {declared}; replaced"
    return text, encoding, warning


def _vi_ratio(text: str) -> float:
    sample = text[:20000].lower()
    letters = sum(1 for c in sample if c.isalpha())
    return sum(1 for c in sample if c in _VI_CHARS) / letters if letters else 0.0


def detect_language(text: str | None, declared: str | None) -> str | None:
    if text and len(text) > 80:
        return "vi" if _vi_ratio(text) > 0.03 else (declared or "und").split("-")[0].split("_")[0].lower()
    if declared:
        return declared.split("-")[0].split("_")[0].lower()
    return None


def _norm(text: str | None) -> str | None:
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text).strip()
    return text or None


def _one_line(text: str | None) -> str | None:
    return _WS.sub(" ", text).strip() if text else text


def _iso(dt: datetime | None) -> str | None:
    return to_vn(dt).isoformat() if dt else None


def _body_node(sel: Selector, rules: dict) -> tuple[Selector | None, str]:
    node = selectors.first_node(sel, rules.get("body"))
    if node is not None:
        return node, "selectors"
    node = selectors.first_node(sel, rules.get("generic_body"))
    if node is not None:
        return node, "generic"
    el = _densest_block(sel.root)
    return (Selector(root=el), "density") if el is not None else (None, "")


def _densest_block(tree) -> etree._Element | None:
    """The element whose own paragraphs hold the most text (an unknown outlet's article body), when that is at
    least a few paragraphs' worth; links inside paragraphs count for little (menus and link lists are not prose)."""
    best, best_len, best_n = None, 0, 0
    for el in tree.iter("div", "section", "article", "main"):
        total = n = 0
        for p in el.iterchildren("p"):
            text = "".join(p.itertext())
            linked = sum(len("".join(a.itertext())) for a in p.iter("a"))
            if (own := len(text.strip()) - 2 * linked) > 0:
                total, n = total + own, n + 1
        if total > best_len:
            best, best_len, best_n = el, total, n
    return best if best_len >= 250 and best_n >= 2 else None


_BOILERPLATE_LINE = re.compile(
    r"^(?:tin liên quan|bài liên quan|tin cùng chuyên mục|xem thêm|đọc thêm|xem tiếp|chia sẻ|bình luận|"
    r"quảng cáo|advertisement|theo dõi .{0,40}(?:google news|zalo|facebook|youtube|tiktok)|"
    r"mời (?:bạn|quý) độc giả .{0,60}|bấm (?:vào )?đây để .{0,40}|đang tải nội dung\.*|loading\.*)\s*[:.!…]*$",
    re.I,
)


def _drop_link_cards(root) -> None:
    """Remove blocks of a body that are (nearly) all link text: embedded "read also" cards, link lists."""
    doomed = []
    for el in root.iter("div", "table", "ul", "ol", "section", "aside", "p", "li"):
        if el is root:
            continue
        text = _WS.sub(" ", "".join(el.itertext())).strip()
        if not text or len(text) > 600:
            continue
        linked = sum(len(_WS.sub(" ", "".join(a.itertext())).strip()) for a in el.iter("a"))
        if linked >= 0.8 * len(text):
            doomed.append(el)
    for el in doomed:
        _remove_keeping_tail(el)


def _remove_keeping_tail(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _credits_after(body, *, blocks: int = 6) -> dict[str, list[str]] | None:
    """The byline printed just after the body ("Đỗ Trung • 07:12 ngày 24/03/2024" in a box of its own): the first
    of the next few text blocks in the page that reads as Vietnamese names."""
    seen = 0
    for el in body.xpath("following::*[normalize-space(text()) or normalize-space(.//a)][position() <= 40]"):
        if el.tag in ("script", "style", "a", "span", "strong", "b", "em", "i"):
            continue
        text = selectors.node_text(Selector(root=el))
        if not text or len(text) > 120:
            seen += 1
        else:
            seen += 1
            r = read_byline(text.split("\n")[0], strict=True)
            if r["authors"]:
                return r
        if seen >= blocks:
            break
    return None


def _body_text(node: Selector, removals: list[str]) -> tuple[str, dict[str, list[str]], list[str]]:
    """(text, credits of the closing lines {authors, photographers, sources}, closing lines removed).

    Photo credits printed in captions ("Ảnh minh họa. (Ảnh: Bạch Thu Yến)") are read before captions are removed."""
    captioned = _caption_photographers(node)
    for css in removals:
        try:
            for el in node.css(css):
                el.drop()
        except Exception:  # noqa: BLE001 - bad removal selectors in data are skipped
            continue
    _drop_link_cards(node.root)
    text = selectors.node_text(node)
    all_lines = text.split("\n")
    lines = [ln for ln in all_lines if not (len(ln) < 120 and _BOILERPLATE_LINE.match(ln.strip()))]
    if not "".join(lines).strip() and text.strip():
        lines = all_lines  # nothing but a placeholder: kept, for the caller to see what it is
    credits: dict[str, list[str]] = {"authors": [], "photographers": [], "sources": [], "theo": []}
    removed: list[str] = []
    # Vietnamese outlets print the author, "Theo …" and the source outlet on the last lines of the body
    # ("Theo Thanh Xuân" / "VnEconomy", "NHẬT XUÂN - NGHI VŨ", "Ảnh: …").
    while lines and len(removed) < 4:
        last = lines[-1].strip()
        if not last:
            lines.pop()
            continue
        src = source_line(last)
        if src:
            credits["sources"].insert(0, src)
        elif is_byline_line(last):
            r = read_byline(last, strict=True)
            for key in credits:
                credits[key] = r[key] + [n for n in credits[key] if n not in r[key]]
        else:
            break
        removed.append(last)
        lines.pop()
    for ph in captioned:
        if ph not in credits["photographers"]:
            credits["photographers"].append(ph)
    return "\n".join(lines).strip(), credits, removed


_CAPTIONS = "figcaption, .PhotoCMS_Caption, .image_desc, .caption, [class*=caption]"
_PHOTO_CREDIT = re.compile(r"(?:^|[(\[.;,–-]\s*)(?:ảnh|photo)\s*:\s*([^()\[\]\n]{2,60}?)\s*(?:[)\]]|$)", re.I)


def _caption_photographers(node: Selector) -> list[str]:
    """People credited for the photos in the body's captions ("(Ảnh: Bạch Thu Yến)", "Ảnh: Minh Anh - Thu Hà");
    agencies and "Internet" are not people and are left out."""
    out: list[str] = []
    try:
        captions = node.css(_CAPTIONS)
    except Exception:  # noqa: BLE001 - a page whose markup the selector engine refuses: no credits
        return out
    for cap in captions[:50]:
        text = unicodedata.normalize("NFC", " ".join(cap.css("::text").getall()))
        for m in _PHOTO_CREDIT.finditer(text):
            for name in re.split(r"\s*(?:[-/,–]|\bvà\b)\s*", m.group(1).strip(" .")):
                if name and is_person_name(name) and name not in out:
                    out.append(name)
    return out


_RELATIVE_DATE = re.compile(r"trước|hôm qua|hôm nay|vừa xong", re.I)
_PLACEHOLDER = re.compile(
    r"^\W*(?:đang tải(?: nội dung| dữ liệu| bài viết)?|loading|vui lòng (?:bật|kích hoạt) javascript|"
    r"please enable javascript|bạn cần bật javascript|javascript is (?:required|disabled)|"
    r"nội dung đang được cập nhật)\b[\w\s.…,!-]{0,80}$",
    re.I,
)


def is_placeholder(text: str | None) -> bool:
    """A body that only says it is loading or needs JavaScript ("Đang tải nội dung...")."""
    return bool(text) and len(text) < 200 and bool(_PLACEHOLDER.match(_WS.sub(" ", text).strip()))


def _strip_site_suffix(title: str | None, site_names: set[str]) -> str | None:
    """"Tiêu đề - Báo Phú Thọ" → "Tiêu đề" (metadata titles often carry the site's name)."""
    if not title:
        return title
    for name in site_names:
        m = re.search(rf"\s+[-–—|:]\s+{re.escape(name)}\s*$", title, re.I)
        if m and m.start() > 10:
            return title[: m.start()].strip()
    return title


def _zone_shift(a: datetime, b: datetime | None) -> bool:
    """Two readings of one time that differ by whole hours (up to 14): one of them is in the wrong zone."""
    if b is None:
        return False
    delta = abs((a - b).total_seconds())
    return 0 < delta <= 14 * 3600 and delta % 3600 < 60


def _printed_on_page(iso_date: str, sel: Selector) -> bool:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", iso_date or "")
    if not m:
        return False
    y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
    page = selectors.node_text(sel)
    pattern = rf"(?<!\d)0?{d}\s*[/.\-]\s*0?{mo}\s*[/.\-]\s*{y}(?!\d)|{y}-{mo:02d}-{d:02d}"
    return bool(re.search(pattern, page))


def _links(nodes: list[Selector], scope: Selector, related_css: list[str], base: str) -> list[str]:
    """Outbound links of the article: its body (related-link boxes included) and the article area's
    related-link boxes, canonicalised, without the page itself."""
    hrefs: list[str] = []
    for node in nodes:
        hrefs += node.css("a::attr(href)").getall()
    for css in related_css:
        try:
            hrefs += scope.css(f"{css} a::attr(href)").getall()
        except Exception:  # noqa: BLE001 - a bad selector in the data is skipped
            continue
    out: list[str] = []
    for href in hrefs:
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        c = try_canonicalize(href, base)
        if c and c not in out and c != try_canonicalize(base):
            out.append(c)
    return out


def _trafilatura(html: str, url: str):
    import trafilatura  # imported lazily: it is the slow path

    try:
        # extensive date search would call dateparser over every locale: seconds per page
        return trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                           favor_precision=True,
                                           date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception:  # noqa: BLE001 - the fallback never stops extraction
        return None


def _not_after_capture(rec: ArticleRecord, published: datetime | None, now: datetime) -> datetime | None:
    """A page cannot be published after it was captured: detection latency (capture - publication) must never
    be negative. The claimed date is kept in ``published_at_claimed``; within ``FUTURE_SKEW_TOLERANCE`` the
    publication time becomes the capture time, beyond it there is no publication time."""
    if published is None or published <= now:
        return published
    rec.published_at_claimed = _iso(published)
    ahead = published - now
    if ahead <= FUTURE_SKEW_TOLERANCE:
        rec.warnings.append(f"future publication time {rec.published_at_claimed} ({ahead.total_seconds():.0f} s "
                            f"after capture, clock skew): clamped to the capture time")
        return now
    rec.warnings.append(f"future publication time {rec.published_at_claimed} (after capture at {_iso(now)}; "
                        "typo or wrong time zone): not used")
    rec.methods.pop("published_at", None)
    rec.published_precision = None
    return None


def _authors_from(people: list[tuple[str, str]], outlet_names: set[str]) -> list[str]:
    names: list[str] = []
    outlets = {n.casefold() for n in outlet_names}
    for name, kind in people:
        if kind == "organization":
            continue
        for n in parse_byline(decode_entities(name)):
            if n.casefold() not in outlets and n not in names:
                names.append(n)
    return names


def extract_article(
    html: str | bytes,
    url: str,
    *,
    captured_at: datetime | None = None,
    content_type: str | None = None,
    rules_path: str | None = None,
    use_fallback: bool = True,
    known_sources: Collection[str] = (),
) -> ArticleRecord:
    """The article in ``html`` fetched from ``url``. ``captured_at`` anchors relative dates ("3 giờ trước");
    ``content_type`` is the HTTP header (for the declared encoding); ``known_sources`` are the names of outlets
    the deployment knows (a closing "Theo <outlet>" credits that outlet, not a writer). Missing fields stay
    ``None``."""
    text, encoding, enc_warning = decode_html(html, content_type)
    now = to_vn(captured_at) if captured_at else datetime.now(VN_TZ)
    canonical_req = try_canonicalize(url) or url
    outlet = outlet_id(canonical_req)
    rec = ArticleRecord(url=url, canonical_url=canonical_req, outlet_id=outlet, encoding=encoding)
    if enc_warning:
        rec.warnings.append(enc_warning)
    if not text.strip():
        rec.warnings.append("empty page")
        return rec
    try:
        sel = Selector(text=text, type="html")
        tree = sel.root
        if not isinstance(tree, etree._Element):
            raise ValueError("no element tree")
    except Exception as e:  # noqa: BLE001 - malformed pages are reported, not raised
        rec.warnings.append(f"unparseable HTML: {e}")
        return rec

    ld = jsonld.find_article(tree) or {}
    mt = meta.extract_meta(tree)
    rules = selectors.rules_for(outlet, rules_path)
    outlet_names = {outlet.lower(), (mt.get("site_name") or "").lower(), (ld.get("publisher") or "").lower()}
    outlet_names.discard("")

    def pick(fieldname: str, *candidates: tuple[str, object]):
        for method, value in candidates:
            if value:
                rec.methods[fieldname] = method
                return value
        return None

    # canonical URL
    canon = pick("canonical_url", ("meta", try_canonicalize(mt.get("url"), url)),
                 ("jsonld", try_canonicalize(ld.get("url"), url)))
    if canon and outlet_id(canon) == outlet:
        rec.canonical_url = canon
    elif canon:
        rec.warnings.append(f"canonical link points to another site: {canon}")
        rec.methods.pop("canonical_url", None)

    hints = [ld.get("title"), mt.get("title"), mt.get("page_title")]
    head_text, head_el = visible.headline(sel, rules.get("title"), [h for h in hints if h], outlet_names)
    rec.title = _one_line(_norm(decode_entities(pick(
        "title", ("selectors" if rules.get("title") and head_el is not None else "visible", head_text),
        ("jsonld", ld.get("title")),
        ("meta", mt.get("title")),
    ))))
    if rec.methods.get("title") in ("jsonld", "meta"):
        rec.title = _strip_site_suffix(rec.title, outlet_names)

    lead = pick("lead", ("selectors", selectors.first_value(sel, rules.get("lead"))),
                ("jsonld", ld.get("lead")), ("meta", mt.get("lead")),
                ("generic", selectors.first_value(sel, rules.get("generic_lead"))))
    rec.lead, rec.source_tag = strip_source_tag(_one_line(_norm(decode_entities(lead))))

    # body; links are read first, related-link boxes included, before the boxes are removed from the text
    node, body_method = _body_node(sel, rules)
    scope_el = visible.article_scope(tree, head_el, node.root if node is not None else None)
    rec.links = _links([node] if node is not None else [], Selector(root=scope_el),
                       rules.get("related", []), url)
    credits: dict[str, list[str]] = {"authors": [], "photographers": [], "sources": [], "theo": []}
    trailing_lines: list[str] = []
    body = None
    js_only = False  # the body container only says it is loading: any other text found is not the article
    if node is not None:
        body, credits, trailing_lines = _body_text(node, rules.get("remove", []))
        if rec.lead and body.startswith(rec.lead[:60]):
            body = body[len(rec.lead):].strip()
        if body and is_placeholder(body):
            rec.warnings.append(f"placeholder body {body[:60]!r} (rendered by JavaScript): not used")
            body = None
            js_only = True
        if body:
            rec.methods["text"] = body_method
    if not body and ld.get("text") and not is_placeholder(ld.get("text")):
        body = decode_entities(ld["text"])
        rec.methods["text"] = "jsonld"
    scope = Selector(root=scope_el)

    # authors: the outlet's byline selectors → the closing byline of the body → JSON-LD people (completed by a
    # visible byline that names them and more) → generic byline markup in the article → meta author
    ld_people = _authors_from(ld.get("authors") or [], outlet_names)
    known_cf = {k.casefold() for k in known_sources}
    for name in [n for n in credits.get("theo", []) if n.casefold() in known_cf]:
        credits["authors"].remove(name)
        credits["sources"].append(name)
        credits["theo"].remove(name)
    byline_parts = [read_byline(b) for b in selectors.all_values(sel, rules.get("byline"))]
    generic_parts = [read_byline(b) for b in selectors.all_values(scope, rules.get("generic_byline"))[:2]]
    outlet_names_cf = {n.casefold() for n in outlet_names} | known_cf

    def names(parts: list[dict]) -> list[str]:
        return list(dict.fromkeys(n for p in parts for n in p["authors"] if n.casefold() not in outlet_names_cf))

    def agrees(visible_names: list[str]) -> bool:
        return not ld_people or bool({n.casefold() for n in visible_names} & {n.casefold() for n in ld_people})

    after = _credits_after(node.root) if node is not None and not credits["authors"] else None
    after_names = names([after]) if after else []
    authors: list[str] = []
    for method, found in (("selectors", names(byline_parts)),
                          ("closing-line", names([credits]) if agrees(names([credits])) else []),
                          ("after-body", after_names if agrees(after_names) else []),
                          ("generic", names(generic_parts) if ld_people and agrees(names(generic_parts))
                           and len(names(generic_parts)) > len(ld_people) else []),
                          ("jsonld", ld_people),
                          ("generic", names(generic_parts)),
                          ("meta", _authors_from([(a, "unknown") for a in mt.get("authors") or []], outlet_names))):
        if found:
            authors, rec.methods["authors"] = found, method
            break
    rec.authors = list(dict.fromkeys(a for a in authors if a.casefold() not in outlet_names_cf))
    for parts in ([credits], [after] if after else [], byline_parts, generic_parts):
        for p in parts:
            for ph in p["photographers"]:
                if ph not in rec.photographers and ph not in rec.authors:
                    rec.photographers.append(ph)
    sources = [x for p in [credits, *byline_parts] for x in p["sources"]]
    for raw in selectors.all_values(scope, rules.get("source") or rules.get("generic_source"))[:2]:
        src = source_line(raw)
        if src:
            sources.append(src)
    sources = [x for x in sources if x.casefold() not in {n.casefold() for n in outlet_names}]
    if sources:
        rec.attributed_source = sources[0]
    for line in trailing_lines:
        rec.attributed_source = rec.attributed_source or source_attribution(line)

    # dates: the time printed on the page (in Vietnamese time unless it prints another offset) → metadata
    def parse(value) -> datetime | None:
        return parse_vn_datetime(value, now=now) if value else None

    published = None
    meta_dt, meta_method, meta_raw = None, None, None
    for method, raw in (("jsonld", ld.get("published")), ("meta", mt.get("published"))):
        if raw and (meta_dt := parse(raw)):
            meta_method, meta_raw = method, raw
            break
    shown = visible.printed_time(tree, scope_el, head_el, rules.get("date"), sel, now=now)
    meta_timed = bool(meta_dt) and (has_time_of_day(str(meta_raw)) or bool(re.search(r"^\s*\d{10}", str(meta_raw))))
    if shown and shown[1] and meta_dt and meta_timed and abs((shown[0] - meta_dt).total_seconds()) < 60:
        published, rec.methods["published_at"], rec.published_precision = meta_dt, meta_method, "minute"
    elif shown and shown[1] and (shown[2] != "visible-header" or not meta_timed or _zone_shift(shown[0], meta_dt)):
        published, rec.methods["published_at"], rec.published_precision = shown[0], shown[2], "minute"
    elif meta_dt:
        published, rec.methods["published_at"] = meta_dt, meta_method
        rec.published_precision = "minute" if meta_timed else "day"
        if shown and not meta_timed and shown[0].date() != meta_dt.date():
            published, rec.methods["published_at"] = shown[0], shown[2]
            rec.published_precision = "minute" if shown[1] else "day"
    elif shown:
        published, rec.methods["published_at"] = shown[0], shown[2]
        rec.published_precision = "minute" if shown[1] else "day"
    else:
        raw = selectors.first_value(scope, rules.get("generic_date"))
        if raw and (has_full_date(raw) or _RELATIVE_DATE.search(raw)) and (published := parse(raw)):
            rec.methods["published_at"] = "generic"
            rec.published_precision = "minute" if has_time_of_day(raw) or re.search(r"giờ|phút|giây|vừa xong", raw) \
                else "day"
    modified = parse(ld.get("modified")) or parse(mt.get("modified")) or parse(
        selectors.first_value(sel, rules.get("modified")))

    rec.section = _norm(decode_entities(pick("section", ("jsonld", ld.get("section")),
                             ("selectors", selectors.first_value(sel, rules.get("section"))),
                             ("meta", mt.get("section")),
                             ("generic", selectors.first_value(sel, rules.get("generic_section"))))))
    tags = ld.get("tags") or selectors.all_values(sel, rules.get("tags")) or mt.get("tags") or []
    rec.tags = list(dict.fromkeys(_one_line(_norm(decode_entities(t))) for t in tags if t and len(t) < 80))[:30]

    # trafilatura fills what is still missing
    if use_fallback and (not body or not rec.title or not published):
        doc = _trafilatura(text, url)
        if doc is not None:
            if not body and not js_only and doc.text and not is_placeholder(doc.text):
                body = re.sub(r"[ \t]+", " ", re.sub(r"[ \t]*\n[ \t]+", " ", doc.text)).strip()
                rec.methods["text"] = "trafilatura"
            if not rec.title and doc.title:
                rec.title = _one_line(_norm(decode_entities(doc.title)))
                rec.methods["title"] = "trafilatura"
            if not published and doc.date and _printed_on_page(doc.date, sel):
                # trafilatura also reads dates off URLs and guesses years: only a date the page prints is kept
                published = parse(doc.date)
                if published:
                    rec.methods["published_at"] = "trafilatura"
                    rec.published_precision = "day"
            if not rec.authors and doc.author:
                rec.authors = [n for n in parse_byline(doc.author.replace(";", ","))
                               if n.casefold() not in outlet_names_cf]
                if rec.authors:
                    rec.methods["authors"] = "trafilatura"

    if body and len(body) > MAX_TEXT_CHARS:
        rec.warnings.append(f"body of {len(body)} characters cut to {MAX_TEXT_CHARS}")
        body = body[:MAX_TEXT_CHARS]
    rec.text = _norm(body)
    if rec.text and not rec.attributed_source:
        rec.attributed_source = source_attribution(rec.text[-200:])
    published = _not_after_capture(rec, published, now)
    if modified is not None and modified > now:
        rec.warnings.append(f"future modification time {_iso(modified)} (after capture at {_iso(now)}): ignored")
        modified = None
    rec.published_at = _iso(published)
    rec.modified_at = _iso(modified)
    rec.language = detect_language(rec.text or rec.lead or rec.title, ld.get("language") or mt.get("language"))
    rec.content_hash = content_hash(rec.title, rec.text)  # tone convention, case, punctuation and spacing ignored
    if not rec.title:
        rec.warnings.append("no title found")
    if not rec.published_at:
        rec.warnings.append("no publication time found")
    if not rec.text:
        rec.warnings.append("no body text found (rendered by JavaScript?)")
    return rec
