"""The spaCy pipeline: underthesea tokenizer (+CRF NER tags) -> entity merger (rules win).

``get_nlp()`` returns a cached ``Language`` built on ``spacy.blank("xx")`` (``spacy.blank("vi")`` would
need pyvi) with the registered tokenizer ``lantoa.vi_tokenizer.v1`` and the component
``lantoa_entities``: gazetteer/agency/title spans from the rule matcher first, then underthesea's
PER/LOC/ORG spans that do not overlap them. Each entity span carries its canonical id in ``kb_id_``.

>>> doc = get_nlp(mode="ws")("Sáng nay, UBND tỉnh Phú Thọ họp tại phường Việt Trì.")
>>> [(e.text, e.label_, e.kb_id_) for e in doc.ents]
[('UBND tỉnh Phú Thọ', 'ORG', 'org:pt:ubnd'), ('phường Việt Trì', 'LOC', 'place:07900')]
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

import nlp.tokenizer  # noqa: F401 - registers lantoa.vi_tokenizer.v1
from nlp.entities import slug
from nlp.settings import get_settings

if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=None)

_UT_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}


def _ut_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """Token spans (start_tok, end_tok, label) from underthesea's BIO tags."""
    out: list[tuple[int, int, str]] = []
    cur: list[int | str] | None = None
    for tok in doc:
        tag = tok._.ut_ner
        if tag == "O" or "-" not in tag or tok.is_space:
            if cur is not None:
                out.append((int(cur[0]), tok.i, str(cur[1])))
                cur = None
            continue
        bio, label = tag.split("-", 1)
        label = _UT_LABELS.get(label)
        if label is None:
            continue
        if bio == "B" or cur is None or cur[1] != label:
            if cur is not None:
                out.append((int(cur[0]), tok.i, str(cur[1])))
            cur = [tok.i, label]
    if cur is not None:
        out.append((int(cur[0]), len(doc), str(cur[1])))
    return out


@Language.component("lantoa_entities")
def merge_entities(doc: Doc) -> Doc:
    """Rule spans win; underthesea spans are kept where they overlap none and contain a capital letter."""
    rules = doc.user_data.get("lantoa_rules", [])
    spans: list[Span] = []
    mentions: list[dict] = []
    taken: list[tuple[int, int]] = []
    for r in rules:
        sp = doc.char_span(r["start"], r["end"], label=r["label"], kb_id=r["canonical_id"] or "",
                           alignment_mode="expand")
        if sp is None:
            continue
        spans.append(sp)
        taken.append((sp.start_char, sp.end_char))
        mentions.append({**r, "source": "rules"})
    for s, e, label in _ut_spans(doc):
        sp = doc[s:e]
        # strip trailing/leading punctuation tokens
        while len(sp) and (sp[0].is_punct or sp[0].is_space):
            sp = doc[sp.start + 1:sp.end]
        while len(sp) and (sp[-1].is_punct or sp[-1].is_space):
            sp = doc[sp.start:sp.end - 1]
        if not len(sp) or not any(c.isupper() for c in sp.text):
            continue
        if any(a < sp.end_char and sp.start_char < b for a, b in taken):
            continue
        cid = f"ner:{label.lower()}:{slug(sp.text)}"
        spans.append(Span(doc, sp.start, sp.end, label=label, kb_id=cid))
        mentions.append({"start": sp.start_char, "end": sp.end_char, "label": label, "canonical_id": cid,
                         "kind": "ner", "meta": {}, "source": "underthesea"})
    kept = filter_spans(spans)
    doc.ents = kept
    keep = {(s.start_char, s.end_char) for s in kept}
    doc._.mentions = [m for m in mentions if (m["start"], m["end"]) in keep
                      or any(s.start_char <= m["start"] and m["end"] <= s.end_char for s in kept)]
    return doc


def build_nlp(mode: str = "ner", ner_max_chars: int | None = None) -> Language:
    """A fresh pipeline. ``mode``: "ner" (underthesea CRF NER, default), "ws" (segmentation only, no
    statistical entities) or "syllable" (no underthesea at all; rules only)."""
    limit = get_settings().nlp_ner_max_chars if ner_max_chars is None else ner_max_chars
    cfg = {"nlp": {"tokenizer": {"@tokenizers": "lantoa.vi_tokenizer.v1", "mode": mode,
                                 "ner_max_chars": limit}}}
    nlp = spacy.blank("xx", config=cfg)
    nlp.max_length = max(nlp.max_length, get_settings().nlp_max_chars + 10)
    nlp.add_pipe("lantoa_entities")
    return nlp


@lru_cache(maxsize=4)
def get_nlp(mode: str = "ner") -> Language:
    """The cached pipeline for ``mode``."""
    return build_nlp(mode)
