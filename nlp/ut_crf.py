"""underthesea's NER chain (word segmentation -> POS -> chunk -> NER CRF) with fast feature extraction.

``underthesea.ner`` spends ~90 % of its time building CRF features in Python: its ``template2features``
re-parses the template with a regex and rebuilds every column of the sentence for EACH token and EACH
template (quadratic in sentence length). :func:`ner` here produces exactly the same feature strings,
parsing each template once and each column once per sentence, and feeds them to the same three CRF
models (``underthesea_core.CRFTagger``), so its output equals ``underthesea.ner(sentence)``
(checked by ``tests/unit/nlp/test_ut_crf.py`` on real sentences).

>>> ner("Ông Putin ca ngợi những thành tựu vĩ đại của Liên Xô")[-1]
('Liên Xô', 'Np', 'B-NP', 'B-LOC')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

_TEMPLATE = re.compile(
    r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")


def _istitle(word: str) -> str:
    # underthesea's text_istitle, including its quirk: an empty part (double space) gives False
    if not word:
        return "False"
    try:
        for token in (s[0] for s in word.split(" ")):
            if token[0].istitle() is False:
                return "False"
        return "True"
    except Exception:  # noqa: BLE001 - mirrors underthesea
        return "False"


def _isallcap(word: str) -> str:
    return str(all(c.istitle() for c in word))


@lru_cache(maxsize=1)
def _lower_words() -> frozenset[str]:
    from underthesea.pipeline.ner.tagged_feature import lower_words

    return frozenset(lower_words)


_FUNCS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "istitle": _istitle,
    "isallcap": _isallcap,
    "isdigit": lambda w: str(w.isdigit()),
    "is_in_dict": lambda w: str(w.lower() in _lower_words()),
}


class _Featurizer:
    """The feature strings of underthesea's ``TaggedTransformer`` for one template, computed column-wise."""

    def __init__(self, template: list[str]) -> None:
        self.parsed: list[tuple[str, int, int | None, int, Callable[[str], str] | None]] = []
        for t in template:
            m = _TEMPLATE.match(t)
            if m is None:
                raise ValueError(f"bad template {t!r}")
            col = int(m.group("column")) if m.group("column") else 0
            i2 = m.group("index2")
            fn = m.group("function")
            self.parsed.append((f"{t}=", int(m.group("index1")), int(i2) if i2 else None, col,
                                _FUNCS[fn] if fn is not None else None))

    def __call__(self, sent: list[tuple[str, ...]], names: tuple[str, ...] | None = None,
                 shared: dict[tuple[str, str], list[str]] | None = None) -> list[list[str]]:
        """Feature lists per token. ``names`` names the columns ("word", "pos", ...) so that ``shared`` can
        hand a row computed for one model to another model with the same template on the same column."""
        n = len(sent)
        if not n:
            return []
        columns = list(zip(*sent, strict=True))
        # values shared by templates that differ only in offset ("T[-2].lower" ... "T[2].lower")
        values: dict[tuple[int, int, Any], list[str]] = {}
        feats: list[list[str]] = []
        for prefix, i1, i2, col, fn in self.parsed:
            rkey = (prefix, names[col]) if names is not None and shared is not None else None
            if rkey is not None and rkey in shared:  # type: ignore[operator]
                feats.append(shared[rkey])  # type: ignore[index]
                continue
            width = 0 if i2 is None else i2 - i1
            key = (col, width, fn)
            vals = values.get(key)
            if vals is None:
                column = columns[col]
                vals = list(column) if width == 0 else [" ".join(column[j:j + width + 1]) for j in range(n - width)]
                if fn is not None:
                    vals = [_cached(fn, v) for v in vals]
                values[key] = vals
            last = i1 + width  # the row of the span's end, relative to i
            lo, hi = max(0, -i1), min(n, n - last)  # positions i with 0 <= i+i1 and i+last < n
            bos, eos = f"{prefix}BOS", f"{prefix}EOS"
            row = [bos] * min(lo, n)
            row += [prefix + vals[i + i1] for i in range(lo, hi)]
            row += [bos if i + i1 < 0 else eos for i in range(max(lo, hi), n)]
            feats.append(row)
            if rkey is not None:
                shared[rkey] = row  # type: ignore[index]
        return [list(x) for x in zip(*feats, strict=True)]


_FN_CACHE: dict[tuple[Any, str], str] = {}


def _cached(fn: Callable[[str], str], word: str) -> str:
    k = (fn, word)
    v = _FN_CACHE.get(k)
    if v is None:
        if len(_FN_CACHE) > 200_000:
            _FN_CACHE.clear()
        v = _FN_CACHE[k] = fn(word)
    return v


@lru_cache(maxsize=1)
def _models() -> tuple[Any, ...]:
    """(POS, chunk, NER) CRF taggers and featurisers, loaded once (underthesea's singletons)."""
    from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
    from underthesea.pipeline.ner.model_crf import CRFNERPredictor
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    pos, chk, ner_ = CRFPOSTagPredictor.Instance(), CRFChunkingPredictor.Instance(), CRFNERPredictor.Instance()
    return (pos.model, _Featurizer(pos.transformer.template), chk.model, _Featurizer(chk.transformer.template),
            ner_.model, _Featurizer(ner_.transformer.template))


def ner(sentence: str) -> list[tuple[str, str, str, str]]:
    """``underthesea.ner(sentence)`` — same tokens and tags, several times faster. Repeated sentences
    (bylines, photo credits, syndicated copies) come from a cache; callers must not mutate the result."""
    return _ner_cached(sentence)


@lru_cache(maxsize=8192)
def _ner_cached(sentence: str) -> list[tuple[str, str, str, str]]:
    from underthesea import word_tokenize

    pos_m, pos_f, chk_m, chk_f, ner_m, ner_f = _models()
    words = word_tokenize(sentence)
    if not words:
        return []
    shared: dict[tuple[str, str], list[str]] = {}  # the three models share many (template, column) rows
    pos = pos_m.tag(pos_f([(w, "X") for w in words], ("word", "X"), shared))
    chk = chk_m.tag(chk_f([(w, p, "X") for w, p in zip(words, pos, strict=True)], ("word", "pos", "X"), shared))
    tags = ner_m.tag(ner_f([(w, p, c, "X") for w, p, c in zip(words, pos, chk, strict=True)],
                           ("word", "pos", "chunk", "X"), shared))
    return list(zip(words, pos, chk, tags, strict=True))
