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
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from lxml import etree
from parsel import Selector
from w3lib.encoding import html_body_declared_encoding, html_to_unicode

from etl.extraction import jsonld, meta
from etl.extraction import outlet_rules as selectors
from etl.extraction.bylines import (
    is_byline_line,
    is_plausible_name,
    parse_byline,
    source_attribution,
    strip_source_tag,
)
from etl.extraction.dates import VN_TZ, has_time_of_day, parse_vn_datetime, to_vn
from etl.urls import outlet_id, try_canonicalize
from nlp.fingerprint import content_hash

_VI_CHARS = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
_MOJIBAKE = re.compile("Ã.|á»|áº|Ä‘|Æ°")
_WS = re.compile(r"\s+")
# a page dated at most this far after its capture is read as clock skew (the outlet's or ours) and clamped to
# the capture time; further ahead it is a typo or a wrong time zone and the date is not used at all
FUTURE_SKEW_TOLERANCE = timedelta(minutes=15)


@dataclass(slots=True)
class ArticleRecord:
    url: str
    canonical_url: str
    outlet_id: str
    title: str | None = None
    lead: str | None = None
    text: str | None = None
    authors: list[str] = field(default_factory=list)
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
    return (node, "generic") if node is not None else (None, "")


def _body_text(node: Selector, removals: list[str]) -> tuple[str, list[str], list[str]]:
    """(text, trailing byline names, trailing lines removed)."""
    for css in removals:
        try:
            for el in node.css(css):
                el.drop()
        except Exception:  # noqa: BLE001 - bad removal selectors in data are skipped
            continue
    text = selectors.node_text(node)
    lines = text.split("\n")
    names: list[str] = []
    removed: list[str] = []
    # Vietnamese outlets print the author (and "Theo …" / "Ảnh: …") on the last lines of the body.
    while lines and len(removed) < 3:
        last = lines[-1].strip()
        if not last:
            lines.pop()
            continue
        if is_byline_line(last) or (source_attribution(last) and len(last) < 60):
            removed.append(last)
            names = parse_byline(last) + [n for n in names if n not in parse_byline(last)]
            lines.pop()
            continue
        break
    return "\n".join(lines).strip(), names, removed


def _links(node: Selector | None, base: str) -> list[str]:
    if node is None:
        return []
    out: list[str] = []
    for href in node.css("a::attr(href)").getall():
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
    for name, kind in people:
        if kind == "organization":
            continue
        for n in parse_byline(name) if not is_plausible_name(name) else [name.strip()]:
            if n.lower() not in outlet_names and n not in names:
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
) -> ArticleRecord:
    """The article in ``html`` fetched from ``url``. ``captured_at`` anchors relative dates ("3 giờ trước");
    ``content_type`` is the HTTP header (for the declared encoding). Missing fields stay ``None``."""
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

    rec.title = _one_line(_norm(pick(
        "title", ("jsonld", ld.get("title")),
        ("selectors", selectors.first_value(sel, rules.get("title"))),
        ("meta", mt.get("title")),
        ("generic", selectors.first_value(sel, rules.get("generic_title"))),
    )))

    lead = pick("lead", ("selectors", selectors.first_value(sel, rules.get("lead"))),
                ("jsonld", ld.get("lead")), ("meta", mt.get("lead")),
                ("generic", selectors.first_value(sel, rules.get("generic_lead"))))
    rec.lead, rec.source_tag = strip_source_tag(_one_line(_norm(lead)))

    # body
    node, body_method = _body_node(sel, rules)
    trailing_names: list[str] = []
    trailing_lines: list[str] = []
    body = None
    if node is not None:
        body, trailing_names, trailing_lines = _body_text(node, rules.get("remove", []))
        if rec.lead and body.startswith(rec.lead[:60]):
            body = body[len(rec.lead):].strip()
        if body:
            rec.methods["text"] = body_method
    if not body and ld.get("text"):
        body = ld["text"]
        rec.methods["text"] = "jsonld"
    rec.links = _links(node if node is not None else (sel.css("article") or [None])[0], url)

    # authors: JSON-LD people → outlet byline selectors → closing byline line → meta author
    authors = _authors_from(ld.get("authors") or [], outlet_names)
    if authors:
        rec.methods["authors"] = "jsonld"
    if not authors:
        bl = selectors.all_values(sel, rules.get("byline"))
        authors = [n for b in bl for n in parse_byline(b)]
        if authors:
            rec.methods["authors"] = "selectors"
    if not authors and trailing_names:
        authors = trailing_names
        rec.methods["authors"] = "closing-line"
    if not authors:
        authors = _authors_from([(a, "unknown") for a in mt.get("authors") or []], outlet_names)
        if authors:
            rec.methods["authors"] = "meta"
    if not authors:
        bl = selectors.all_values(sel, rules.get("generic_byline"))
        authors = [n for b in bl[:2] for n in parse_byline(b)]
        if authors:
            rec.methods["authors"] = "generic"
    rec.authors = list(dict.fromkeys(a for a in authors if a.lower() not in outlet_names))
    for line in trailing_lines:
        rec.attributed_source = rec.attributed_source or source_attribution(line)

    # dates
    def parse(value) -> datetime | None:
        return parse_vn_datetime(value, now=now) if value else None

    published = None
    for method, raw in (("jsonld", ld.get("published")), ("meta", mt.get("published")),
                        ("selectors", selectors.first_value(sel, rules.get("date"))),
                        ("generic", selectors.first_value(sel, rules.get("generic_date")))):
        published = parse(raw)
        if published:
            rec.methods["published_at"] = method
            rec.published_precision = "minute" if has_time_of_day(str(raw)) or \
                re.search(r"^\s*\d{10}|giờ|phút|trước|vừa xong", str(raw)) else "day"
            break
    modified = parse(ld.get("modified")) or parse(mt.get("modified")) or parse(
        selectors.first_value(sel, rules.get("modified")))

    rec.section = _norm(pick("section", ("jsonld", ld.get("section")),
                             ("selectors", selectors.first_value(sel, rules.get("section"))),
                             ("meta", mt.get("section")),
                             ("generic", selectors.first_value(sel, rules.get("generic_section")))))
    tags = ld.get("tags") or selectors.all_values(sel, rules.get("tags")) or mt.get("tags") or []
    rec.tags = list(dict.fromkeys(_one_line(_norm(t)) for t in tags if t and len(t) < 80))[:30]

    # trafilatura fills what is still missing
    if use_fallback and (not body or not rec.title or not published):
        doc = _trafilatura(text, url)
        if doc is not None:
            if not body and doc.text:
                body = doc.text
                rec.methods["text"] = "trafilatura"
            if not rec.title and doc.title:
                rec.title = _one_line(_norm(doc.title))
                rec.methods["title"] = "trafilatura"
            if not published and doc.date:
                published = parse(doc.date)
                if published:
                    rec.methods["published_at"] = "trafilatura"
                    rec.published_precision = "day"
            if not rec.authors and doc.author:
                rec.authors = [n for n in parse_byline(doc.author.replace(";", ",")) if n.lower() not in outlet_names]
                if rec.authors:
                    rec.methods["authors"] = "trafilatura"

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
