"""OpenGraph, ``article:*``, Dublin Core and common ``<meta>`` fields, and the canonical link."""

from __future__ import annotations

from lxml import html as lxml_html

_PUBLISHED = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "publish-date", "dc.date.issued", "dc.date", "dcterms.created", "its_publication",
              "cxenseparse:recs:publishtime", "date", "sailthru.date", "parsely-pub-date")
_MODIFIED = ("article:modified_time", "og:updated_time", "datemodified", "lastmod", "dcterms.modified",
             "its_update", "last-modified")


def meta_map(tree: lxml_html.HtmlElement) -> dict[str, list[str]]:
    """All ``<meta>`` values keyed by lower-case property/name/itemprop."""
    out: dict[str, list[str]] = {}
    for m in tree.iter("meta"):
        key = m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv")
        val = m.get("content")
        if key and val is not None and val.strip():
            out.setdefault(key.strip().lower(), []).append(val.strip())
    return out


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    for k in keys:
        if meta.get(k):
            return meta[k][0]
    return None


def extract_meta(tree: lxml_html.HtmlElement) -> dict:
    meta = meta_map(tree)
    canonical = None
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower().strip() == "canonical" and link.get("href"):
            canonical = link.get("href").strip()
            break
    time_el = tree.xpath('//*[@itemprop="datePublished"]/@datetime | //time[@pubdate]/@datetime')
    lang = tree.get("lang") or _first(meta, "content-language", "og:locale", "language")
    tags = meta.get("article:tag", [])
    if not tags and meta.get("news_keywords"):
        tags = [t.strip() for t in meta["news_keywords"][0].split(",") if t.strip()]
    if not tags and meta.get("keywords"):
        tags = [t.strip() for t in meta["keywords"][0].split(",") if t.strip()]
    title_el = tree.find(".//title")
    return {
        "title": _first(meta, "og:title", "twitter:title", "title", "dc.title")
        or (title_el.text_content().strip() if title_el is not None and title_el.text_content() else None),
        "lead": _first(meta, "og:description", "description", "twitter:description", "dc.description"),
        "authors": [a for a in meta.get("author", []) + meta.get("article:author", []) + meta.get("dc.creator", [])
                    if not a.startswith("http")],
        "published": _first(meta, *_PUBLISHED) or (time_el[0] if time_el else None),
        "modified": _first(meta, *_MODIFIED),
        "section": _first(meta, "article:section", "articlesection", "category", "section"),
        "tags": tags,
        "language": lang,
        "url": canonical or _first(meta, "og:url"),
        "page_title": title_el.text_content().strip() if title_el is not None and title_el.text_content() else None,
        "site_name": _first(meta, "og:site_name", "application-name", "apple-mobile-web-app-title"),
    }
