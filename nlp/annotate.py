"""Annotate records: entities (offsets into the ORIGINAL text), sentiment, topics, province relevance.

``annotate_records`` is the function the graph-side ``nlp run`` and the ``annotate`` CLI call: it streams
records through ``nlp.pipe`` in batches and never drops one — a record it cannot annotate comes back with
an ``error`` field.

>>> out = next(annotate_records([{"id": "1", "text": "UBND tỉnh Phú Thọ khen thưởng xã Tam Nông."}], mode="ws"))
>>> [(e["text"], e["canonical_id"]) for e in out["entities"]]
[('UBND tỉnh Phú Thọ', 'org:pt:ubnd'), ('xã Tam Nông', 'place:08434')]
>>> out["relevance"]["relevant"]
True
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from spacy.tokens import Doc

from common.errors import ModelError
from nlp.fingerprint import fingerprint
from nlp.gazetteer import load_gazetteer
from nlp.normalize import Normalized, normalize
from nlp.pipeline import get_nlp
from nlp.relevance import relevance
from nlp.sentiment import predict, prepare
from nlp.settings import get_settings
from nlp.topics import topics

_SENTIMENT_CHARS = 600


def _entities(doc: Doc, norm: Normalized, relevant: bool) -> list[dict[str, Any]]:
    g = load_gazetteer()
    by_span = {(m["start"], m["end"]): m for m in (doc._.mentions or [])}
    out = []
    for ent in doc.ents:
        m = by_span.get((ent.start_char, ent.end_char), {})
        cid = ent.kb_id_ or None
        kind = m.get("kind", "ner")
        meta = m.get("meta") or {}
        if kind == "generic_agency" and relevant and meta.get("agency"):
            cid = str(meta["agency"])
            kind = "agency_resolved"
        if cid is None and kind == "title_rule":
            from nlp.entities import slug

            cid = f"ner:per:{slug(ent.text)}"
        s, e = norm.to_original(ent.start_char, ent.end_char)
        item: dict[str, Any] = {"start": s, "end": e, "label": ent.label_, "text": norm.original[s:e],
                                "canonical_id": cid, "kind": kind, "source": m.get("source", "underthesea")}
        if cid and cid in g.places and not g.places[cid]["current"]:
            item["current_id"] = g.places[cid]["became"]
        if meta.get("title"):
            item["title"] = meta["title"]
        out.append(item)
    return out


def _chunks(it: Iterable[Any], n: int) -> Iterator[list[Any]]:
    it = iter(it)
    while chunk := list(islice(it, n)):
        yield chunk


def _check(rec: Any, max_chars: int) -> tuple[dict[str, Any] | None, Normalized | None, bool]:
    """(error output or None, normalised text, truncated) for one input record."""
    if not isinstance(rec, dict):
        return {"record": rec, "error": "record is not a JSON object"}, None, False
    if "error" in rec and "text" not in rec:
        return rec, None, False  # already marked bad upstream (e.g. a line that was not JSON)
    text = rec.get("text")
    if text is None and (rec.get("title") or rec.get("lead")):
        text = "\n".join(str(rec.get(k) or "") for k in ("title", "lead"))
    if text is None:
        return {**rec, "error": "record has no 'text'"}, None, False
    if not isinstance(text, str):
        return {**rec, "error": f"'text' must be a string, got {type(text).__name__}"}, None, False
    truncated = len(text) > max_chars
    return None, normalize(text[:max_chars] if truncated else text), truncated


def annotate_records(records: Iterable[dict[str, Any]], *, mode: str = "ner", batch_size: int | None = None,
                     n_process: int | None = None, fingerprints: bool = False,
                     sentiment_domain: str = "news") -> Iterator[dict[str, Any]]:
    """Yield each record with ``entities``, ``sentiment``, ``topics``, ``relevance`` added, in input order.

    Records are dicts with ``id`` and ``text`` (optional ``title``/``lead`` improve sentiment and topics).
    ``mode`` is the tokenizer mode ("ner" uses underthesea's CRF NER; "ws" segmentation only; "syllable"
    rules only). The whole stream goes through ONE ``nlp.pipe`` call, so ``n_process`` > 1 starts spaCy's
    worker processes once. Unusable records come back with ``error`` (they pass the pipe as empty text).
    ``fingerprints``: add ``fingerprint`` (:func:`nlp.fingerprint.fingerprint` of title, lead and text, as at
    ingest) for records annotated outside the graph. ``sentiment_domain``: "news" (headline + lead, the default)
    or "posts" (short social text) — which of :mod:`nlp.sentiment`'s two domains scores the records.
    """
    st = get_settings()
    bs = batch_size or st.nlp_batch_size
    npro = n_process or st.nlp_n_process
    nlp = get_nlp(mode)
    try:
        from nlp.sentiment import load_model

        model = load_model()
    except ModelError:
        model = None

    # Plain texts go into nlp.pipe and the contexts wait here, in order: with ``as_tuples=True`` spaCy makes
    # the Docs (our tokenizer: segmentation + CRF, most of the work) in the MAIN process and only the
    # components in the workers, so ``n_process=2`` ran no faster than 1.
    pending: deque[tuple[Any, dict[str, Any] | None, Normalized | None, bool]] = deque()

    def stream() -> Iterator[str]:
        for rec in records:
            err, norm, truncated = _check(rec, st.nlp_max_chars)
            pending.append((rec, err, norm, truncated))
            yield norm.text if norm is not None else ""

    piped = ((doc, pending.popleft()) for doc in nlp.pipe(stream(), batch_size=bs, n_process=npro))
    for chunk in _chunks(piped, bs):
        sent_inputs = []
        for _doc, (rec, err, n, _t) in chunk:
            if err is not None or n is None:
                sent_inputs.append("")
            elif sentiment_domain == "posts":
                sent_inputs.append(n.text[:_SENTIMENT_CHARS])
            elif rec.get("title"):
                sent_inputs.append(prepare(rec.get("title"), rec.get("lead") or n.text[:_SENTIMENT_CHARS]))
            else:
                sent_inputs.append(prepare(n.text[:_SENTIMENT_CHARS]))
        if model is not None:
            sents = predict(sent_inputs, model, domain=sentiment_domain)
        else:
            sents = [{"label": None, "score": None, "error": "sentiment model missing: run python -m nlp.train"}
                     for _ in chunk]
        for (doc, (rec, err, n, truncated)), sent in zip(chunk, sents, strict=True):
            if err is not None or n is None:
                yield err if err is not None else {"record": rec, "error": "unusable record"}
                continue
            rules = doc.user_data.get("lantoa_rules", [])
            rel = relevance(n.text, rules)
            out = dict(rec)
            out["entities"] = _entities(doc, n, rel["relevant"])
            out["sentiment"] = {k: v for k, v in sent.items() if k != "probs"}
            out["topics"] = topics(n.text, rec.get("title"))
            out["relevance"] = {"score": rel["score"], "relevant": rel["relevant"], "reasons": rel["reasons"]}
            if truncated:
                out["truncated_at"] = st.nlp_max_chars
            if fingerprints:
                out["fingerprint"] = fingerprint(rec.get("title"), rec.get("lead"), rec.get("text"))
            yield out


def annotate_text(text: str, *, mode: str = "ner") -> dict[str, Any]:
    """Annotate one text (convenience wrapper over ``annotate_records``)."""
    return next(annotate_records([{"id": None, "text": text}], mode=mode))
