"""Extraction accuracy on labelled pages, per outlet: title (exact, whitespace-normalised), published time
(to the minute, Asia/Ho_Chi_Minh) and authors (same set of names).

    python -m etl.evaluate_pages DIR        # DIR/labels.yaml + the pages it lists
    python -m etl.evaluate_pages --sandbox WORLD [--limit N]   # rendered sandbox pages vs their records
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import yaml

from etl.extraction.article import extract_article

_WS = re.compile(r"\s+")


def _norm(s: str | None) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", s or "")).strip()


def _minute(iso: str | None) -> str | None:
    if not iso:
        return None
    return datetime.fromisoformat(iso).strftime("%Y-%m-%dT%H:%M%z")


def _authors_match(found: list[str], exp: dict) -> bool:
    """Same number of authors, each found name one of an expected author's name or aliases."""
    wanted = [{_norm(n) for n in ([a] if isinstance(a, str) else a)} for a in exp.get("authors") or []]
    got = [_norm(n) for n in found]
    if len(got) != len(wanted):
        return False
    remaining = list(wanted)
    for g in got:
        hit = next((w for w in remaining if g in w), None)
        if hit is None:
            return False
        remaining.remove(hit)
    return True


def score(cases: list[tuple[str, bytes, str, dict]]) -> dict[str, dict[str, float]]:
    """cases: (outlet, html, url, expected {title, published_at, authors}) → per outlet accuracy."""
    tally: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for outlet, html, url, exp in cases:
        rec = extract_article(html, url)
        for key in (outlet, "*"):
            tally[key]["title"].append(_norm(rec.title) == _norm(exp.get("title")))
            tally[key]["published_minute"].append(_minute(rec.published_at) == _minute(exp.get("published_at")))
            tally[key]["authors"].append(_authors_match(rec.authors, exp))
    return {o: {k: round(sum(v) / len(v), 3) for k, v in d.items()} | {"pages": len(d["title"])}
            for o, d in sorted(tally.items())}


def cases_from_labels(directory: Path) -> list[tuple[str, bytes, str, dict]]:
    labels = yaml.safe_load((directory / "labels.yaml").read_text(encoding="utf-8")) or []
    return [(lab["outlet"], (directory / lab["file"]).read_bytes(), lab["url"], lab) for lab in labels]


def cases_from_sandbox(world: Path, limit: int) -> list[tuple[str, bytes, str, dict]]:
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
            exp = {"title": a["title"], "published_at": a["published_at"],
                   "authors": [names.get(x, x) for x in a.get("authors", [])]}
            out.append((a["host"], r.content, a["url"], exp))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("directory", nargs="?", type=Path)
    ap.add_argument("--sandbox", type=Path)
    ap.add_argument("--limit", type=int, default=400)
    a = ap.parse_args()
    if a.sandbox:
        cases = cases_from_sandbox(a.sandbox, a.limit)
    elif a.directory and (a.directory / "labels.yaml").exists():
        cases = cases_from_labels(a.directory)
    else:
        raise SystemExit("no labels.yaml: nothing to evaluate (see tests/fixtures/real_pages/SOURCE.md)")
    print(json.dumps(score(cases), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
