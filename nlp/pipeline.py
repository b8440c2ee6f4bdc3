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

import re
from bisect import bisect_left
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.entities import slug
from nlp.normalize import nfc
from nlp.settings import get_settings
from nlp.tokenizer import TAGS_KEY  # also registers lantoa.vi_tokenizer.v1

if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=None)

_UT_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}
_KEEP_LOWER = frozenset(nfc(x) for x in (
    "xã", "phường", "thị trấn", "huyện", "quận", "thị xã", "thành phố", "tỉnh", "núi", "sông", "hồ", "đảo",
    "đèo", "vịnh", "biển", "bán đảo", "quần đảo", "thôn", "bản", "làng", "ấp",
))
_NOT_NAMES = frozenset(nfc(x) for x in ("Ảnh", "Video", "Clip", "Nguồn", "Theo", "Đồ họa", "MBA", "Chánh", "Phó",
                                         "Trưởng", "Giám đốc", "Chủ tịch", "Bí thư"))
_TITLE_PREFIX = re.compile(r"^(?:[A-ZĐ][A-Za-zĐ]{0,5}\.)+(?:[A-Za-zĐ]{1,6})?\s+")  # BS.CKII, PGS.TS., ThS.
_NUMBERED_PLACE = re.compile(r"(?i)(quận|phường|khu|tổ|thôn|xóm|km)\b")
_ORG_HEAD = re.compile(
    r"(Sở|Bộ|Cục|Tổng cục|Chi cục|Phòng|Trung tâm|Bệnh viện|BV|Trường|Đại học|ĐH|Học viện|Hạt|Đồn|Công ty|"
    r"Tập đoàn|Ngân hàng|Hiệp hội|Hội|Ban|Viện|Tòa án|TAND|VKSND|Báo|Đài|Hải quân|Quân đội|Cơ quan|Thanh tra|"
    r"Quỹ|Liên đoàn|Ủy ban|UBND|HĐND|Công an|CLB|Câu lạc bộ)\s"
)


def _ut_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """Token spans (start_tok, end_tok, label) from underthesea's BIO tags."""
    out: list[tuple[int, int, str]] = []
    cur_start, cur_label = -1, ""
    tags = doc.user_data.get(TAGS_KEY, [])
    for i, (_pos, tag) in enumerate(tags):
        if tag == "O" or "-" not in tag:
            if cur_start >= 0:
                out.append((cur_start, i, cur_label))
                cur_start = -1
            continue
        bio, label = tag.split("-", 1)
        label = _UT_LABELS.get(label, "")
        if not label:
            continue
        if bio == "B" or cur_start < 0 or cur_label != label:
            if cur_start >= 0:
                out.append((cur_start, i, cur_label))
            cur_start, cur_label = i, label
    if cur_start >= 0:
        out.append((cur_start, len(tags), cur_label))
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
    taken.sort()
    taken_starts = [a for a, _ in taken]
    for s, e, label in _ut_spans(doc):
        sp = doc[s:e]
        # strip punctuation, and lower-case common nouns before the name ("tổng giám đốc Qualcomm",
        # "giá SMBC") except type words that belong to the name ("huyện", "núi")
        while len(sp) and (sp[0].is_punct or sp[0].is_space
                           or (sp[0].text[:1].islower() and sp[0].text.lower() not in _KEEP_LOWER)):
            sp = doc[sp.start + 1:sp.end]
        while len(sp) and (sp[-1].is_punct or sp[-1].is_space or sp[-1].text[:1].islower()):
            sp = doc[sp.start:sp.end - 1]
        if not len(sp) or not any(c.isupper() for c in sp.text) or sp.text in _NOT_NAMES:
            continue
        if label in ("PER", "LOC") and any(c.isdigit() for c in sp.text) and not _NUMBERED_PLACE.match(sp.text):
            continue  # "Covid-19", "QL18", "SARS-CoV-2", "MiG-21"
        m_title = _TITLE_PREFIX.match(sp.text) if label == "PER" else None
        if m_title:
            cut = sp.start_char + m_title.end()
            sp = doc.char_span(cut, sp.end_char, alignment_mode="contract") or sp
            if not len(sp):
                continue
        if _ORG_HEAD.match(sp.text):
            label = "ORG"
        elif label == "PER" and len(sp) == 1 and sp.text.isupper() and len(sp.text) >= 2:
            label = "ORG"  # acronyms: "CNBC", "IMF"
        if _overlaps(taken_starts, taken, sp.start_char, sp.end_char):
            continue
        cid = f"ner:{label.lower()}:{slug(sp.text)}"
        spans.append(Span(doc, sp.start, sp.end, label=label, kb_id=cid))
        mentions.append({"start": sp.start_char, "end": sp.end_char, "label": label, "canonical_id": cid,
                         "kind": "ner", "meta": {}, "source": "underthesea"})
    kept = filter_spans(spans)
    doc.ents = kept
    keep = {(s.start_char, s.end_char) for s in kept}
    doc._.mentions = [m for m in mentions if (m["start"], m["end"]) in keep]
    return doc


def _overlaps(starts: list[int], spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Does [a, b) overlap any of the sorted, non-overlapping ``spans``?"""
    k = bisect_left(starts, b)
    # the only candidates are the spans starting before b; with non-overlapping spans, checking the
    # last two of them suffices
    for i in (k - 1, k - 2):
        if 0 <= i < len(spans) and spans[i][0] < b and a < spans[i][1]:
            return True
    return False


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
