"""The graph-side NLP stage (`lantoa nlp run`): annotate what is new or changed in the graph.

Reads articles and posts whose ``nlp_version`` differs from the current one, runs them through
``nlp.annotate.annotate_records`` in batches and writes sentiment, topics, province relevance and
``MENTIONS`` of canonical entities back. The version is a hash of the trained models, the NLP data
tables and the gazetteer, so retraining or a gazetteer update re-annotates everything, and a run that
is interrupted simply continues where it stopped.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j

from common.sentiment import checked_score, label_for
from graph.repository import GraphReader, GraphWriter

log = logging.getLogger(__name__)


@dataclass(slots=True)
class NlpStageResult:
    version: str
    articles: int = 0
    posts: int = 0
    errors: int = 0
    places: int = 0
    organizations: int = 0


def nlp_version() -> str:
    """A short hash of everything the annotations depend on (models, data tables, gazetteer, fingerprint and
    sentiment schemes): a change to any of them re-annotates every item."""
    from nlp.fingerprint import SCHEME
    from nlp.sentiment import SCHEME as SENTIMENT_SCHEME
    from nlp.settings import get_settings

    st = get_settings()
    h = hashlib.sha256(SCHEME.encode())
    h.update(SENTIMENT_SCHEME.encode())
    dirs = [st.nlp_models_dir, Path(__file__).resolve().parent.parent / "nlp" / "data", Path(st.gazetteer_dir)]
    for d in dirs:
        if not Path(d).is_dir():
            continue
        for f in sorted(Path(d).rglob("*")):
            if f.is_file():
                h.update(f.name.encode())
                h.update(hashlib.sha256(f.read_bytes()).digest())
    return "nlp-" + h.hexdigest()[:12]


def load_reference_entities(writer: GraphWriter) -> tuple[int, int]:
    """Load the gazetteer's places (with PART_OF/BECAME) and the province's agencies into the graph."""
    from nlp.agencies import agencies
    from nlp.gazetteer import places

    rows = []
    for p in places():
        became = list(p.get("became") or [])
        rows.append({**p, "aliases": list(p.get("aliases") or []), "became": became,
                     "aliases_text": " | ".join(p.get("aliases") or []),
                     "current_unit": became[0] if len(became) == 1 else None})
    writer.write("load/places", rows)
    writer.write("load/place_links", rows)
    orgs = [{"id": a["id"], "name": a["name"], "aliases": sorted(set(a.get("aliases") or [])),
             "aliases_text": " | ".join(sorted(set(a.get("aliases") or []))), "kind": a.get("kind")}
            for a in agencies()]
    writer.write("load/organizations", orgs)
    return len(rows), len(orgs)


def _entity_id(e: dict[str, Any]) -> str:
    if e.get("canonical_id"):
        return str(e["canonical_id"])
    from nlp.entities import slug

    return f"ner:{e['label'].lower()}:{slug(e['text'])}"


def to_row(rec: dict[str, Any], version: str) -> dict[str, Any]:
    """The graph row for one annotated record (``mentions`` counted per canonical entity).

    Sentiment is stored as ``common.sentiment`` defines it: ``sentiment_score`` is the score from
    ``nlp.sentiment`` exactly as given (already signed, never multiplied by a label's sign) and
    ``sentiment`` its label (both None when the model gave no score).

    >>> row = to_row({"id": "a", "sentiment": {"label": "negative", "score": -0.8}, "topics": ["accidents"],
    ...         "relevance": {"score": 0.9, "relevant": True, "reasons": ["x"]},
    ...         "entities": [{"label": "LOC", "text": "Việt Trì", "canonical_id": "place:1"},
    ...                      {"label": "LOC", "text": "TP Việt Trì", "canonical_id": "place:1"}]}, "v")
    >>> row["sentiment"], row["sentiment_score"], row["mentions"]
    ('negative', -0.8, [{'id': 'place:1', 'label': 'LOC', 'name': 'Việt Trì', 'count': 2}])
    """
    raw = (rec.get("sentiment") or {}).get("score")
    score = None if raw is None else round(checked_score(raw), 4)
    counts: Counter[tuple[str, str]] = Counter()
    names: dict[tuple[str, str], str] = {}
    for e in rec.get("entities") or []:
        if e.get("label") not in ("PER", "LOC", "ORG") or not (e.get("text") or "").strip():
            continue
        key = (_entity_id(e), e["label"])
        counts[key] += 1
        names.setdefault(key, e["text"])
    rel = rec.get("relevance") or {}
    return {
        "id": rec["id"], "nlp_version": version,
        "sentiment": None if score is None else label_for(score),
        "sentiment_score": score, "topics": list(rec.get("topics") or []),
        "relevance": rel.get("score"), "relevance_reasons": [str(r) for r in rel.get("reasons") or []],
        "concerns_province": rel.get("relevant"), "fingerprint": rec.get("fingerprint"),
        "mentions": [{"id": k[0], "label": k[1], "name": names[k], "count": c} for k, c in counts.items()],
    }


def _article_text(r: dict[str, Any]) -> str:
    return "\n".join(x for x in (r.get("title"), r.get("lead"), r.get("text")) if x)


def run_nlp_stage(
    driver: neo4j.Driver,
    *,
    database: str = "neo4j",
    batch: int = 200,
    limit: int | None = None,
    mode: str = "ner",
    progress: Callable[[int], None] | None = None,
) -> NlpStageResult:
    """Annotate every article and post whose annotations are missing or stale."""
    from nlp.annotate import annotate_records
    from nlp.fingerprint import fingerprint, is_current

    reader = GraphReader(driver, database=database)
    writer = GraphWriter(driver, database=database, batch_size=batch)
    result = NlpStageResult(version=nlp_version())
    result.places, result.organizations = load_reference_entities(writer)
    for kind, pending, load in (("articles", "read/nlp_pending_articles", "load/article_annotations"),
                                ("posts", "read/nlp_pending_posts", "load/post_annotations")):
        while limit is None or getattr(result, kind) < limit:
            page = reader.read(pending, {"version": result.version, "limit": batch})
            if not page:
                break
            recs: Iterable[dict[str, Any]] = (
                {"id": r["id"], "text": _article_text(r) if kind == "articles" else (r.get("text") or ""),
                 "title": r.get("title"), "lead": r.get("lead")} for r in page
            )
            # the fingerprint is made at ingest; only items without a current one (older data) get it here, from
            # the same fields with the same function (None leaves the stored one as it is)
            fps = {r["id"]: fingerprint(r.get("title"), r.get("lead"), r.get("text"))
                   for r in page if not is_current(r.get("fingerprint"))}
            rows = []
            # the item's kind chooses the sentiment domain: headline + lead of an article, a post's own text
            domain = "news" if kind == "articles" else "posts"
            for out in annotate_records(recs, mode=mode, sentiment_domain=domain):
                if out.get("error"):
                    result.errors += 1
                    log.warning("NLP could not annotate %s: %s", out.get("id"), out["error"])
                    out = {"id": out.get("id"), "entities": [], "topics": [], "relevance": {}, "sentiment": {}}
                out["fingerprint"] = fps.get(out.get("id"))
                rows.append(to_row(out, result.version))
            writer.write(load, rows)
            setattr(result, kind, getattr(result, kind) + len(rows))
            if progress:
                progress(len(rows))
    return result
