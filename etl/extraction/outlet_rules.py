"""Per-outlet CSS selectors kept as data (``outlets.yaml``), applied with parsel."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from parsel import Selector

FIELDS = ("title", "lead", "body", "byline", "date", "modified", "section", "tags", "remove", "source", "related")
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


@lru_cache(maxsize=8)
def load_outlet_rules(path: str | None = None) -> dict[str, dict[str, list[str]]]:
    """Rules per outlet host. ``path`` overrides the packaged ``outlets.yaml`` (for a new outlet)."""
    if path:
        raw = Path(path).read_text(encoding="utf-8")
    else:
        raw = resources.files("etl.extraction").joinpath("outlets.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw) or {}
    out: dict[str, dict[str, list[str]]] = {}
    for host, rules in data.items():
        norm: dict[str, list[str]] = {}
        for k, v in (rules or {}).items():
            if k in FIELDS:
                norm[k] = [v] if isinstance(v, str) else list(v)
        out[str(host).lower()] = norm
    return out


def rules_for(outlet: str, path: str | None = None) -> dict[str, list[str]]:
    rules = load_outlet_rules(path)
    specific = rules.get(outlet) or {}
    merged = dict(specific)
    for k, v in (rules.get("_generic") or {}).items():
        merged[f"generic_{k}"] = v
    for k in ("remove", "related"):
        merged[k] = list(rules.get("_default", {}).get(k, [])) + list(specific.get(k, []))
    return merged


def clean_text(text: str) -> str:
    lines = [_WS.sub(" ", ln).strip() for ln in text.splitlines()]
    return "\n".join(ln for ln in lines if ln)


def node_text(sel: Selector) -> str:
    """Visible text of an element, one line per block."""
    root = sel.root
    if isinstance(root, str):
        return clean_text(root)
    parts: list[str] = []
    block = {"p", "div", "h1", "h2", "h3", "h4", "h5", "li", "br", "tr", "blockquote", "section", "article",
             "figure", "header", "footer", "ul", "ol", "table", "h6", "main", "aside", "nav", "dd", "dt",
             "figcaption", "hr", "caption", "address"}

    def walk(el, top: bool = False) -> None:
        if not isinstance(el.tag, str):  # a comment or processing instruction: its text is not shown
            if el.tail:
                parts.append(el.tail.replace("\n", " "))
            return
        tag = el.tag
        if tag in ("script", "style", "noscript", "template"):
            if el.tail:
                parts.append(el.tail.replace("\n", " "))
            return
        if tag in block:
            parts.append("\n")
        if el.text:
            parts.append(el.text if tag == "pre" else el.text.replace("\n", " "))
        for child in el:
            walk(child)
        if tag in block:
            parts.append("\n")
        if el.tail and not top:  # the text after the element is not part of it
            parts.append(el.tail.replace("\n", " "))  # a line break in the source is a space on the page

    walk(root, top=True)
    return clean_text("".join(parts))


def first_value(sel: Selector, selectors: list[str] | None) -> str | None:
    for css in selectors or []:
        try:
            found = sel.css(css)
        except Exception:  # noqa: BLE001 - a bad selector in the data must not stop extraction
            continue
        for node in found:
            text = node_text(node)
            if text:
                return text
    return None


def all_values(sel: Selector, selectors: list[str] | None) -> list[str]:
    for css in selectors or []:
        try:
            found = sel.css(css)
        except Exception:  # noqa: BLE001
            continue
        values = [t for t in (node_text(n) for n in found) if t]
        if values:
            return values
    return []


def first_node(sel: Selector, selectors: list[str] | None) -> Selector | None:
    for css in selectors or []:
        try:
            found = sel.css(css)
        except Exception:  # noqa: BLE001
            continue
        if found:
            return found[0]
    return None
