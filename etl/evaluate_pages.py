"""Extraction accuracy on labelled pages, per field and per outlet: title (exact after NFC and whitespace
normalisation), published time (to the minute, Asia/Ho_Chi_Minh) and authors (the same set of names).

    python -m etl.evaluate_pages DIR [--json]   # DIR/gold.json (or DIR/labels.yaml) + the pages it lists
    python -m etl.evaluate_pages --sandbox WORLD [--limit N] [--json]   # rendered sandbox pages vs their records

``gold.json`` is ``{file: {url, title, published (ISO 8601 or null), authors [names], source, note?}}``, read by hand
from each page. A field is scored only where the page shows it:

* title: where ``title`` is not null;
* time: where ``published`` is not null (a null means no visible publication time is left on the page);
* authors: where the page shows a byline, i.e. ``authors`` is non-empty or ``published`` is not null (a page
  whose whole byline/time block was removed before it was saved has neither, and says nothing about authors).

Names are compared after NFC, whitespace normalisation and case folding (a byline printed in capitals names the
same person). ``labels.yaml`` (``[{file, url, outlet, title, published_at, authors}]``) scores every field.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import yaml

from etl.extraction.article import extract_article
from etl.extraction.dates import to_vn
from etl.urls import outlet_id

FIELDS = ("title", "published_minute", "authors")
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class Case:
    """One labelled page: the expected values, and which of them the page lets us score."""

    name: str
    outlet: str
    html: bytes
    url: str
    title: str | None = None
    published_at: str | None = None
    authors: list = field(default_factory=list)  # names, or lists of a name and its aliases
    scored: frozenset[str] = frozenset(FIELDS)


def _norm(s: str | None) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", s or "")).strip()


def _minute(iso: str | None) -> str | None:
    if not iso:
        return None
    return to_vn(datetime.fromisoformat(iso)).strftime("%Y-%m-%dT%H:%M%z")


def _name_key(s: str) -> str:
    return _norm(s).casefold()


def authors_match(found: list[str], expected: list) -> bool:
    """Same number of authors, each found name one of an expected author's name or aliases."""
    wanted = [{_name_key(n) for n in ([a] if isinstance(a, str) else a)} for a in expected or []]
    got = [_name_key(n) for n in found]
    if len(got) != len(wanted):
        return False
    remaining = list(wanted)
    for g in got:
        hit = next((w for w in remaining if g in w), None)
        if hit is None:
            return False
        remaining.remove(hit)
    return True


def evaluate(cases: list[Case], known_sources: tuple[str, ...] = ()) -> dict:
    """Per outlet (and ``*`` for all) and per field: pages scored, correct, accuracy; plus every miss.
    ``known_sources``: names of the registered outlets, as the crawler passes them to the extractor."""
    tally: dict[str, dict[str, list[bool]]] = defaultdict(lambda: {f: [] for f in FIELDS})
    pages: dict[str, int] = defaultdict(int)
    misses: list[dict] = []
    for case in cases:
        rec = extract_article(case.html, case.url, known_sources=known_sources)
        got = {"title": rec.title, "published_minute": rec.published_at, "authors": rec.authors}
        exp = {"title": case.title, "published_minute": case.published_at, "authors": case.authors}
        ok = {
            "title": _norm(rec.title) == _norm(case.title),
            "published_minute": _minute(rec.published_at) == _minute(case.published_at),
            "authors": authors_match(rec.authors, case.authors),
        }
        for key in (case.outlet, "*"):
            pages[key] += 1
            for f in FIELDS:
                if f in case.scored:
                    tally[key][f].append(ok[f])
        for f in FIELDS:
            if f in case.scored and not ok[f]:
                misses.append({"page": case.name, "outlet": case.outlet, "field": f,
                               "expected": exp[f], "found": got[f]})
    per_outlet = {}
    for o in sorted(tally, key=lambda k: (k != "*", k)):
        per_outlet[o] = {"pages": pages[o]} | {
            f: {"scored": len(v), "correct": sum(v), "accuracy": round(sum(v) / len(v), 3) if v else None}
            for f, v in tally[o].items()}
    return {"outlets": per_outlet, "misses": misses}


def score(cases: list[Case], known_sources: tuple[str, ...] = ()) -> dict[str, dict[str, float]]:
    """Accuracy per outlet and field (``None`` where nothing was scored), and the number of pages."""
    out = evaluate(cases, known_sources)["outlets"]
    return {o: {f: d[f]["accuracy"] for f in FIELDS} | {"pages": d["pages"]} for o, d in out.items()}


def cases_from_gold(directory: Path) -> list[Case]:
    gold = json.loads((directory / "gold.json").read_text(encoding="utf-8"))
    cases = []
    for name, g in sorted(gold.items()):
        scored = set()
        if g.get("title") is not None:
            scored.add("title")
        if g.get("published"):
            scored.add("published_minute")
        if g.get("authors") or g.get("published"):
            scored.add("authors")
        cases.append(Case(name=name, outlet=outlet_id(g["url"]), html=(directory / name).read_bytes(), url=g["url"],
                          title=g.get("title"), published_at=g.get("published"), authors=list(g.get("authors") or []),
                          scored=frozenset(scored)))
    return cases


def cases_from_labels(directory: Path) -> list[Case]:
    labels = yaml.safe_load((directory / "labels.yaml").read_text(encoding="utf-8")) or []
    return [Case(name=lab["file"], outlet=lab["outlet"], html=(directory / lab["file"]).read_bytes(), url=lab["url"],
                 title=lab.get("title"), published_at=lab.get("published_at"), authors=lab.get("authors") or [])
            for lab in labels]


def cases_from_directory(directory: Path) -> list[Case]:
    if (directory / "gold.json").exists():
        return cases_from_gold(directory)
    if (directory / "labels.yaml").exists():
        return cases_from_labels(directory)
    raise FileNotFoundError(f"{directory}: no gold.json or labels.yaml")


def cases_from_sandbox(world: Path, limit: int) -> list[Case]:
    import httpx

    from etl.sandbox.server import serve_in_thread

    people = json.loads((world / "people.json").read_text(encoding="utf-8"))
    names = {p["id"]: [p["name"], *p.get("aliases", [])]
             for group in (people.values() if isinstance(people, dict) else [people])
             for p in group if isinstance(p, dict) and "id" in p}
    out = []
    with serve_in_thread(world) as sb, httpx.Client(proxy=sb.proxy, timeout=30) as client:
        for line in list((world / "articles" / "articles.jsonl").open(encoding="utf-8"))[:limit]:
            a = json.loads(line)
            if a.get("quirk") not in (None, "none"):
                continue
            r = client.get(a["url"])
            if r.status_code != 200:
                continue
            out.append(Case(name=a["url"], outlet=a["host"], html=r.content, url=a["url"], title=a["title"],
                            published_at=a["published_at"],
                            authors=[names.get(x, x) for x in a.get("authors", [])]))
    return out


_LABELS = {"title": "tiêu đề", "published_minute": "thời gian (đến phút)", "authors": "tác giả"}


def render(result: dict) -> str:
    """A plain-text table: one line per outlet, then the misses."""
    lines = [f"{'outlet':<18} {'pages':>5}  " + "  ".join(f"{f:>22}" for f in FIELDS)]
    for o, d in result["outlets"].items():
        cells = []
        for f in FIELDS:
            c = d[f]
            cells.append(f"{'—' if c['accuracy'] is None else format(c['accuracy'], '.3f')} "
                         f"({c['correct']}/{c['scored']})".rjust(22))
        lines.append(f"{'ALL' if o == '*' else o:<18} {d['pages']:>5}  " + "  ".join(cells))
    if result["misses"]:
        lines.append("")
        lines.append("Sai lệch:")
        for m in result["misses"]:
            lines.append(f"  {m['page']} [{_LABELS[m['field']]}] cần {m['expected']!r}, đọc được {m['found']!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("directory", nargs="?", type=Path)
    ap.add_argument("--sandbox", type=Path)
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--json", action="store_true", help="print the figures and misses as JSON")
    a = ap.parse_args(argv)
    known: tuple[str, ...] = ()
    if a.sandbox:
        cases = cases_from_sandbox(a.sandbox, a.limit)
        outlets = json.loads((a.sandbox / "outlets.json").read_text(encoding="utf-8"))
        outlets = outlets.get("outlets", outlets) if isinstance(outlets, dict) else outlets
        known = tuple(o["name"] for o in outlets if isinstance(o, dict) and o.get("name"))
    elif a.directory:
        try:
            cases = cases_from_directory(a.directory)
        except FileNotFoundError as e:
            print(f"Không có nhãn để đánh giá: {e}", file=sys.stderr)
            return 2
    else:
        ap.error("give a DIR with gold.json or labels.yaml, or --sandbox WORLD")
    result = evaluate(cases, known)
    print(json.dumps(result, ensure_ascii=False, indent=1) if a.json else render(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
