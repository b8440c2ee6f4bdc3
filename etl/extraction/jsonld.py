"""JSON-LD ``NewsArticle`` (and ``Article``/``ReportageNewsArticle``/``BlogPosting``) fields from a page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import html as lxml_html

ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                 "opinionnewsarticle", "backgroundnewsarticle", "report", "liveblogposting"}
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _loads(raw: str) -> Any:
    raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
    try:
        return json.loads(raw, strict=False)
    except json.JSONDecodeError:
        try:
            return json.loads(_TRAILING_COMMA.sub(r"\1", raw), strict=False)
        except json.JSONDecodeError:
            return None


def _walk(node: Any) -> Iterator[dict]:
    if isinstance(node, list):
        for x in node:
            yield from _walk(x)
    elif isinstance(node, dict):
        yield node
        if "@graph" in node:
            yield from _walk(node["@graph"])


def _types(node: dict) -> set[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@id") or value.get("url"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _people(value: Any) -> list[tuple[str, str]]:
    """(name, kind) of authors; kind is 'person', 'organization' or 'unknown'."""
    out: list[tuple[str, str]] = []
    items = value if isinstance(value, list) else [value]
    for it in items:
        if isinstance(it, str) and it.strip():
            out.append((it.strip(), "unknown"))
        elif isinstance(it, dict):
            name = _text(it.get("name"))
            if name:
                kinds = _types(it)
                kind = "organization" if kinds & {"organization", "newsmediaorganization", "corporation"} else (
                    "person" if "person" in kinds else "unknown")
                out.append((name, kind))
    return out


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [k.strip() for k in value.split(",") if k.strip()]
    if isinstance(value, list):
        return [str(k).strip() for k in value if str(k).strip()]
    return []


def find_article(tree: lxml_html.HtmlElement) -> dict | None:
    """The first article-typed JSON-LD object in the page, with normalised fields, or ``None``."""
    for script in tree.xpath('//script[@type="application/ld+json" or @type="application/json+ld"]'):
        data = _loads(script.text_content() or "")
        if data is None:
            continue
        for node in _walk(data):
            if not (_types(node) & ARTICLE_TYPES):
                continue
            page = node.get("mainEntityOfPage")
            return {
                "title": _text(node.get("headline") or node.get("name")),
                "lead": _text(node.get("description")),
                "text": _text(node.get("articleBody")),
                "authors": _people(node.get("author") or node.get("creator")),
                "published": _text(node.get("datePublished") or node.get("dateCreated")),
                "modified": _text(node.get("dateModified")),
                "section": _text(node.get("articleSection")),
                "tags": _keywords(node.get("keywords")),
                "language": _text(node.get("inLanguage")),
                "url": _text(node.get("url")) or (_text(page) if page else None),
                "publisher": _text(node.get("publisher")),
            }
    return None
