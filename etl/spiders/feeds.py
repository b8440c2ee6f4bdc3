"""Parsing of discovery documents: RSS 2.0 / Atom feeds, sitemaps (news, urlset, index), section pages.
Pure functions over bytes/text: each returns the links it lists, with a publication time when given."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from lxml import etree
from parsel import Selector

from etl.extraction.dates import VN_TZ, parse_vn_datetime
from etl.urls import try_canonicalize

_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True, slots=True)
class Listed:
    url: str
    published_at: str | None = None
    title: str | None = None
    is_sitemap: bool = False


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _xml(body: bytes):
    try:
        return etree.fromstring(body.lstrip(), parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _iso(text: str | None) -> str | None:
    """RSS dates are RFC 822 ("Thu, 03 Jul 2025 01:15:00 GMT"); others ISO or Vietnamese."""
    if not text:
        return None
    try:
        dt = parsedate_to_datetime(text.strip())
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=VN_TZ)
        return dt.astimezone(VN_TZ).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    dt = parse_vn_datetime(text)
    return dt.isoformat() if dt else None


def parse_feed(body: bytes, base: str) -> list[Listed]:
    """Items of an RSS 2.0 or Atom feed."""
    root = _xml(body)
    if root is None:
        return []
    out: list[Listed] = []
    for el in root.iter():
        name = _local(el.tag)
        if name not in ("item", "entry"):
            continue
        link = title = when = None
        for child in el:
            cname = _local(child.tag)
            if cname == "link":
                href = child.get("href")
                if href and child.get("rel", "alternate") == "alternate":
                    link = href
                elif not href and child.text:
                    link = child.text.strip()
            elif cname == "guid" and not link and (child.text or "").startswith("http"):
                link = child.text.strip()
            elif cname == "title":
                title = (child.text or "").strip() or None
            elif cname in ("pubdate", "published", "date") and not when:
                when = child.text
            elif cname == "updated" and not when:
                when = child.text
        c = try_canonicalize(link, base) if link else None
        if c:
            out.append(Listed(url=c, published_at=_iso(when), title=title))
    return out


def parse_sitemap(body: bytes, base: str) -> list[Listed]:
    """URLs of a sitemap (``urlset``, with news:publication_date / lastmod) or child sitemaps of an index."""
    root = _xml(body)
    if root is None:
        return []
    is_index = _local(root.tag) == "sitemapindex"
    out: list[Listed] = []
    for el in root:
        if _local(el.tag) not in ("url", "sitemap"):
            continue
        loc = when = title = None
        for child in el.iter():
            cname = _local(child.tag)
            if cname == "loc" and child.text:
                loc = child.text.strip()
            elif cname == "publication_date" and child.text:
                when = child.text
            elif cname == "lastmod" and child.text and not when:
                when = child.text
            elif cname == "title" and child.text:
                title = child.text.strip()
        c = try_canonicalize(loc, base) if loc else None
        if c:
            out.append(Listed(url=c, published_at=_iso(when), title=title, is_sitemap=is_index))
    return out


def parse_section(text: str, base: str) -> tuple[list[str], str | None]:
    """(links on a section page, the next page's URL from ``rel=next`` or a pagination link)."""
    sel = Selector(text=text, type="html")
    links = []
    for href in sel.css("a::attr(href)").getall():
        c = try_canonicalize(href, base)
        if c and c not in links:
            links.append(c)
    nxt = sel.css('link[rel="next"]::attr(href), a[rel="next"]::attr(href)').get()
    return links, (try_canonicalize(nxt, base) if nxt else None)
