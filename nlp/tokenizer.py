"""underthesea word segmentation as a registered spaCy tokenizer that round-trips the text.

``doc.text == text`` always holds: tokens are slices of the input (multi-syllable words keep their inner
spaces, like spaCy's own Vietnamese tokenizer); runs of whitespace that are not a single space become
whitespace tokens. In ``mode="ner"`` the tokenizer calls ``underthesea.ner`` (through :mod:`nlp.ut_crf`, the
same models and output with fast feature extraction) ONCE per sentence (it segments,
POS-tags, chunks and tags entities in one pass) and keeps its POS and entity tags on the tokens, so the
pipeline never segments twice. Token boundaries are also forced at the rule-matcher's entity spans
(gazetteer, agencies, titles), so "xã Tam Nông thủy lợi" does not stay one word. Text beyond
``ner_max_chars`` is split into syllables only (fast path for very long inputs).

>>> import spacy
>>> nlp = spacy.blank("xx", config={"nlp": {"tokenizer": {"@tokenizers": "lantoa.vi_tokenizer.v1", "mode": "ws"}}})
>>> doc = nlp("Người dân xã Tam Nông  vui mừng.")
>>> doc.text == "Người dân xã Tam Nông  vui mừng."
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from nlp.entities import rule_matcher

# underthesea's POS and BIO entity tag per token, kept as one list in doc.user_data (fast, picklable for
# nlp.pipe(n_process>1)) and exposed as token._.ut_pos / token._.ut_ner
TAGS_KEY = "lantoa_ut_tags"
if not Token.has_extension("ut_pos"):
    Token.set_extension("ut_pos", getter=lambda t: t.doc.user_data.get(TAGS_KEY, [])[t.i][0])
if not Token.has_extension("ut_ner"):
    Token.set_extension("ut_ner", getter=lambda t: t.doc.user_data.get(TAGS_KEY, [])[t.i][1])

_SENT_END = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-ZÀ-ỸĐ0-9])|\n+")
_NONSPACE = re.compile(r"[^\W_]+|[^\w\s]")
_MAX_SENT = 2_000


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) without surrounding whitespace; very long ones are cut at spaces.

    >>> t = "Ông A nói. Bà B đáp!\\nHết"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Ông A nói.', 'Bà B đáp!', 'Hết']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        while e - s > _MAX_SENT:
            cut = text.rfind(" ", s + _MAX_SENT // 2, s + _MAX_SENT)
            cut = cut if cut > s else s + _MAX_SENT
            out.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            out.append((s, e))
    return out


def _align(tokens: Iterable[tuple[str, str, str]], text: str, base: int) -> list[tuple[int, int, str, str]]:
    """Char spans of underthesea tokens inside ``text`` (offset ``base``); unmatched tokens are skipped."""
    out: list[tuple[int, int, str, str]] = []
    pos = 0
    for tok, pos_tag, ner_tag in tokens:
        start = None
        p = pos
        ok = True
        for syl in tok.split():
            j = text.find(syl, p)
            if j < 0 or (text[p:j].strip() and j - p > 0):
                ok = False
                break
            if start is None:
                start = j
            p = j + len(syl)
        if ok and start is not None:
            out.append((base + start, base + p, pos_tag, ner_tag))
            pos = p
    return out


class UndertheseaTokenizer:
    """Callable tokenizer: text -> Doc (see module doc)."""

    def __init__(self, vocab: Vocab, mode: str = "ner", ner_max_chars: int = 30_000,
                 rules: bool = True) -> None:
        if mode not in ("ner", "ws", "syllable"):
            raise ValueError(f"unknown tokenizer mode {mode!r}")
        self.vocab = vocab
        self.mode = mode
        self.ner_max_chars = ner_max_chars
        self.rules = rules

    def _segment(self, sent: str) -> list[tuple[str, str, str]]:
        if self.mode == "ner":
            from nlp.ut_crf import ner  # underthesea.ner's exact output, with fast feature extraction

            return [(t[0], t[1], t[3]) for t in ner(sent)]
        from underthesea import word_tokenize

        return [(t, "", "O") for t in word_tokenize(sent)]

    def __call__(self, text: str) -> Doc:
        mentions = rule_matcher().find(text) if self.rules and text else []
        spans: list[tuple[int, int, str, str]] = []
        budget = self.ner_max_chars
        if self.mode != "syllable":
            for s, e in split_sentences(text):
                if s >= budget:
                    break
                try:
                    spans.extend(_align(self._segment(text[s:e]), text[s:e], s))
                except Exception:  # noqa: BLE001 - a CRF failure on odd input must not lose the record
                    continue
        # fill what underthesea did not cover with syllables
        filled: list[tuple[int, int, str, str]] = []
        pos = 0
        for s, e, p, n in sorted(spans):
            if s < pos:
                continue
            for m in _NONSPACE.finditer(text, pos, s):
                filled.append((m.start(), m.end(), "", "O"))
            filled.append((s, e, p, n))
            pos = e
        for m in _NONSPACE.finditer(text, pos):
            filled.append((m.start(), m.end(), "", "O"))
        # force boundaries at rule entity edges
        cuts = sorted({m.start for m in mentions} | {m.end for m in mentions})
        pieces: list[tuple[int, int, str, str]] = []
        ci = 0
        for s, e, p, n in filled:
            while ci < len(cuts) and cuts[ci] <= s:
                ci += 1
            k = ci
            cur = s
            while k < len(cuts) and cuts[k] < e:
                c = cuts[k]
                seg = text[cur:c]
                if seg.strip():
                    a = cur + (len(seg) - len(seg.lstrip()))
                    pieces.append((a, cur + len(seg.rstrip()), p, n))
                cur = c
                k += 1
            seg = text[cur:e]
            if seg.strip():
                a = cur + (len(seg) - len(seg.lstrip()))
                pieces.append((a, cur + len(seg.rstrip()), p, n))
        words: list[str] = []
        spaces: list[bool] = []
        tags: list[tuple[str, str]] = []
        pos = 0

        def add_gap(gap: str) -> None:
            """Text between tagged pieces: one space joins the previous token, the rest is an untagged token."""
            if words and gap[:1] == " ":
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
                tags.append(("", "O"))

        for s, e, p, n in pieces:
            add_gap(text[pos:s])
            words.append(text[s:e])
            spaces.append(False)
            tags.append((p, n))
            pos = e
        add_gap(text[pos:])
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TAGS_KEY] = tags
        doc.user_data["lantoa_rules"] = [
            {"start": m.start, "end": m.end, "label": m.label, "canonical_id": m.canonical_id,
             "kind": m.kind, "meta": {k: v for k, v in m.meta.items() if isinstance(v, str | bool | None)}}
            for m in mentions
        ]
        return doc

    # spaCy serialisation hooks (nothing to save: the tokenizer is rebuilt from config)
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> UndertheseaTokenizer:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> UndertheseaTokenizer:
        return self


@spacy.registry.tokenizers("lantoa.vi_tokenizer.v1")
def create_tokenizer(mode: str = "ner", ner_max_chars: int = 30_000,
                     rules: bool = True) -> Callable[[Language], UndertheseaTokenizer]:
    def make(nlp: Language) -> UndertheseaTokenizer:
        return UndertheseaTokenizer(nlp.vocab, mode=mode, ner_max_chars=ner_max_chars, rules=rules)

    return make
