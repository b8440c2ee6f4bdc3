"""Sentiment for two domains, ``news`` (headline + lead) and ``posts`` (short, informal social text).

Each domain has its own statistical model trained on openly licensed real data of that domain —
news on DANeS headlines + leads (CC BY 4.0), posts on the UTS2017 bank posts (GPL-3.0) — and both
share a hand-written Vietnamese polarity lexicon (``nlp/data/sentiment_lexicon.txt``) with negation
("không tốt", "chẳng hề an toàn"), intensifiers ("rất", "quá", "lắm"), reversers ("khắc phục sạt lở",
"tai nạn giảm mạnh"), official-handling dampeners ("điều tra vụ tai nạn"), emoji and teencode
(``nlp/data/teencode.tsv``: "ko" -> "không", "dc" -> "được"). The lexicon enters twice: as features of the
logistic regression, and as a signed score blended with the model's by a per-domain weight chosen on the
real data's cross-validation (``nlp.train``; recorded in ``models/sentiment.json``).

``predict(texts, domain=...)`` returns ``score = P(positive) - P(negative)`` in [-1, 1] (already signed)
and ``label = common.sentiment.label_for(score)`` (the one cut-off, not the argmax). The shipped
artefact (``models/sentiment.joblib``) is a :class:`SentimentModel` holding both domains.

>>> lexicon_score("Sản phẩm không tốt, rất thất vọng 😡", domain="posts") < -0.5
True
>>> lexicon_score("Tai nạn giao thông giảm mạnh trong 6 tháng") > 0
True
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from common.errors import DataError, ModelError
from common.sentiment import label_for
from nlp.normalize import nfc
from nlp.settings import get_settings

LABELS = ("negative", "neutral", "positive")
DOMAINS = ("news", "posts")
# what an annotation's sentiment means; part of etl.nlp_stage.nlp_version, so changing it re-annotates the graph
SCHEME = ("sentiment-3: per-domain (news|posts) model + lexicon blend; score = P(positive) - P(negative), "
          "label = common.sentiment.label_for(score)")
MODEL_FILE = "sentiment.joblib"
MODEL_PARAMS: dict[str, dict[str, Any]] = {
    "news": {"C": 1.0, "char_ngrams": (1, 5), "word_ngrams": (1, 2), "title": True},
    "posts": {"C": 1.0, "char_ngrams": (1, 4), "word_ngrams": (1, 2), "title": False},
}
# lexicon weight candidates for the blend, chosen per domain on the real data's CV (nlp.train)
BLEND_WEIGHTS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.8, 1.0)
# a part after the headline counts this much in the lexicon score (the headline states the news)
LEAD_WEIGHT = 0.35
_LEX_SCALE = 2.0
_MAX_CHARS = 4000
_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_BOUNDARY = frozenset(".,;:!?…()[]\"“”'")
_EMOJI_JUNK = re.compile("[\ufe0f\ufe0e\u200d\U0001f3fb-\U0001f3ff]")  # variation selectors, ZWJ, skin tones
_URL = re.compile(r"https?://\S+|www\.\S+")
# a letter stretched to three or more ("quáaaa", "đẹppp"), tone marks aside (matched on the NFD form)
_ELONGATED = re.compile(r"([^\W\d_])([\u0300-\u036f]*)(?:\1[\u0300-\u036f]*){2,}")
_HASHTAG = re.compile(r"#(\w+)")


def prepare(title: str | None, lead: str | None = None) -> str:
    """News model input: normalised, lower-cased 'title . lead'.

    >>> prepare("Hoà Bình", "Thuỷ điện")
    'hòa bình . thủy điện'
    """
    t = nfc(title or "").strip()
    lead_n = nfc(lead or "").strip()
    text = f"{t} . {lead_n}" if lead_n else t
    return _WS.sub(" ", text).lower()


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_EMOJI_JUNK.sub("", text))


def prepare_post(text: str | None) -> str:
    """Post model input: NFC, lower case, links dropped, stretched letters shortened, teencode mapped.

    >>> prepare_post("Dịch vụ ko tốt, gọi mãi k dc 😡 http://x.vn/a")
    'dịch vụ không tốt , gọi mãi không được 😡'
    """
    t = _URL.sub(" ", nfc(text or "").lower())
    t = _HASHTAG.sub(r"\1", nfc(_ELONGATED.sub(r"\1\2", unicodedata.normalize("NFD", t))))
    tc = lexicon_table().teencode
    return " ".join(tc.get(tok, tok) for tok in _tokens(t))


def prepare_for(text: str, domain: str) -> str:
    """The input of ``domain``'s model for a raw or already prepared text."""
    return prepare_post(text) if domain == "posts" else prepare(text)


# ------------------------------------------------------------------------------------------- lexicon
@dataclass
class Lexicon:
    """Phrases (tuples of tokens) with their roles, longest match first; teencode map for posts."""

    entries: dict[tuple[str, ...], list[tuple[str, float]]] = field(default_factory=dict)
    max_len: int = 1
    teencode: dict[str, str] = field(default_factory=dict)


_KINDS = frozenset({"pos", "neg", "negator", "intens", "shift", "lose", "decrease", "dampen", "block"})


@lru_cache(maxsize=1)
def lexicon_table() -> Lexicon:
    """The polarity lexicon and the teencode map from ``nlp/data``."""
    base = get_settings().data_dir
    lex = Lexicon()
    path = base / "sentiment_lexicon.txt"
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[0] not in _KINDS:
                raise DataError(f"{path}:{n}: expected kind<TAB>weight<TAB>phrase")
            key = tuple(_tokens(nfc(parts[2]).lower()))
            if key:
                lex.entries.setdefault(key, []).append((parts[0], float(parts[1])))
                lex.max_len = max(lex.max_len, len(key))
        tpath = base / "teencode.tsv"
        for line in tpath.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                a, _, b = line.partition("\t")
                lex.teencode[a.strip()] = nfc(b.strip())
    except OSError as e:
        raise DataError(f"cannot read the sentiment lexicon in {base}: {e}") from e
    return lex


def lexicon() -> dict[str, list[str]]:
    """The polar phrases by polarity: ``{"pos": [...], "neg": [...]}``."""
    out: dict[str, list[str]] = {"pos": [], "neg": []}
    for key, roles in lexicon_table().entries.items():
        for kind, _w in roles:
            if kind in out:
                out[kind].append(" ".join(key))
    return out


def polarity(text: str) -> tuple[float, float, int]:
    """(positive mass, negative mass, polar phrases found) of one lower-cased text.

    >>> polarity("không tốt")[1] > 0, polarity("chẳng hề an toàn")[1] > 0, polarity("rất tốt") > polarity("tốt")
    (True, True, True)
    """
    lex = lexicon_table()
    toks = _tokens(text)
    n = len(toks)
    vals: list[float] = []
    flipped: set[int] = set()
    negator = shift = lose = damp = decrease = -1  # last token index each operator still reaches
    damp_w = shift_w = 1.0
    intens_w, intens_end = 1.0, -2
    last = -1  # index in vals of the last polar phrase of this clause
    last_end = -1
    i = 0
    while i < n:
        if toks[i] in _BOUNDARY:
            negator = shift = lose = damp = decrease = -1
            last = -1
            i += 1
            continue
        roles = None
        size = 0
        for size in range(min(lex.max_len, n - i), 0, -1):
            roles = lex.entries.get(tuple(toks[i:i + size]))
            if roles:
                break
        if not roles:
            i += 1
            continue
        end = i + size
        for kind, w in roles:
            if kind in ("pos", "neg"):
                v = w if kind == "pos" else -w
                if intens_end >= i - 1:
                    v *= intens_w
                    intens_end = -2
                if i <= negator:
                    v = -v * (0.5 if v < 0 else 0.8)
                    negator = -1
                elif i <= decrease:
                    v = -v * 0.8
                    decrease = -1
                elif v < 0 and i <= shift:
                    v = -v * shift_w
                elif v > 0 and i <= lose:
                    v = -v * 0.8
                if v < 0 and i <= damp:
                    v *= damp_w
                vals.append(v)
                last, last_end = len(vals) - 1, end
            elif kind == "negator":
                negator = end + 2
            elif kind == "intens":
                if last >= 0 and last_end == i:
                    vals[last] *= w
                else:
                    intens_w, intens_end = w, end - 1
            elif kind == "shift":
                shift, shift_w = end + 4, w
            elif kind == "lose":
                lose = end + 3
            elif kind == "decrease":
                if last >= 0 and last not in flipped:  # "tai nạn giao thông giảm mạnh"
                    vals[last] = -vals[last] * w
                    flipped.add(last)
                else:  # "giảm lợi nhuận"
                    decrease = end + 3
            elif kind == "dampen":
                damp, damp_w = end + 10, w
        i = end
    pos = sum(v for v in vals if v > 0)
    neg = -sum(v for v in vals if v < 0)
    return pos, neg, len(vals)


def lexicon_parts(text: str, domain: str = "news") -> tuple[tuple[float, float, int], tuple[float, float, int]]:
    """Polarity of the headline (before ' . ') and of the rest of a prepared news text; a post is one part."""
    if domain == "posts":
        return polarity(text), (0.0, 0.0, 0)
    title, _, rest = text.partition(" . ")
    return polarity(title), polarity(rest)


def _signed(parts: tuple[tuple[float, float, int], tuple[float, float, int]]) -> float:
    (p1, n1, _), (p2, n2, _) = parts
    return math.tanh(((p1 - n1) + LEAD_WEIGHT * (p2 - n2)) / _LEX_SCALE)


def lexicon_score(text: str, domain: str = "news") -> float:
    """The lexicon's signed score in [-1, 1] of a raw or prepared text (a headline counts most)."""
    return _signed(lexicon_parts(prepare_for(text, domain), domain))


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """Lexicon masses of the headline and of the rest (log-scaled), their signed score, hit flags."""

    def __init__(self, domain: str = "news") -> None:
        self.domain = domain

    def fit(self, X: Sequence[str], y: Any = None) -> LexiconFeatures:  # noqa: N803 - sklearn API
        return self

    def transform(self, X: Sequence[str]) -> sp.csr_matrix:  # noqa: N803 - sklearn API
        rows = []
        for text in X:
            parts = lexicon_parts(text, self.domain)
            (p1, n1, h1), (p2, n2, h2) = parts
            s = _signed(parts)
            rows.append([np.log1p(p1), np.log1p(n1), np.log1p(p2), np.log1p(n2), s, max(s, 0.0),
                         max(-s, 0.0), float(h1 + h2 == 0)])
        return sp.csr_matrix(np.asarray(rows, dtype=np.float64).reshape(len(rows), 8))


def _title_only(texts: Sequence[str]) -> list[str]:
    return [t.partition(" . ")[0] for t in texts]


def build_model(domain: str = "news", params: dict[str, Any] | None = None, seed: int = 0) -> Pipeline:
    """The untrained statistical model of ``domain`` over prepared texts: syllable 1–2-gram and
    character n-gram TF-IDF (+ a headline TF-IDF for news) and the lexicon features, into a
    class-balanced logistic regression."""
    if domain not in DOMAINS:
        raise ModelError(f"unknown sentiment domain {domain!r} (one of {', '.join(DOMAINS)})")
    p = {**MODEL_PARAMS[domain], **(params or {})}
    parts: list[tuple[str, Any]] = [
        ("word", TfidfVectorizer(ngram_range=tuple(p["word_ngrams"]), sublinear_tf=True,
                                 token_pattern=r"(?u)\b\w+\b")),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(p["char_ngrams"]), min_df=2,
                                 sublinear_tf=True, max_features=150_000)),
    ]
    if p["title"]:
        parts.append(("title", Pipeline([("pick", FunctionTransformer(_title_only)),
                                         ("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,
                                                                   token_pattern=r"(?u)\b\w+\b"))])))
    parts.append(("lex", LexiconFeatures(domain)))
    clf = LogisticRegression(C=p["C"], class_weight="balanced", max_iter=3000, random_state=seed)
    return Pipeline([("features", FeatureUnion(parts)), ("clf", clf)])


def build_baseline() -> Pipeline:
    """TF-IDF (default settings) + logistic regression: the baseline the issue quotes (~0.51 macro-F1)."""
    return Pipeline([("tfidf", TfidfVectorizer()), ("clf", LogisticRegression(max_iter=2000))])


# ----------------------------------------------------------------------------------------- blending
def blend_probs(model_probs: np.ndarray, classes: Sequence[str], lex: Sequence[float],
                weight: float) -> np.ndarray:
    """Rows of (negative, neutral, positive) probabilities: ``(1-weight)`` x the model's plus ``weight`` x
    the lexicon's (its signed score ``s`` read as P(pos) = max(s, 0), P(neg) = max(-s, 0), the rest neutral).

    >>> blend_probs(np.array([[0.2, 0.5, 0.3]]), LABELS, [-0.8], 0.5).round(2).tolist()
    [[0.5, 0.35, 0.15]]
    """
    idx = [list(classes).index(c) if c in classes else -1 for c in LABELS]
    m = np.zeros((len(model_probs), 3))
    for j, k in enumerate(idx):
        if k >= 0:
            m[:, j] = model_probs[:, k]
    s = np.clip(np.asarray(lex, dtype=np.float64), -1.0, 1.0)
    lx = np.stack([np.maximum(-s, 0.0), 1.0 - np.abs(s), np.maximum(s, 0.0)], axis=1)
    return (1.0 - weight) * m + weight * lx


def ordered(probs: np.ndarray, classes: Sequence[str]) -> np.ndarray:
    """``probs`` with its columns in ``LABELS`` order (a class the model never saw gets 0)."""
    out = np.zeros((len(probs), 3))
    cl = list(classes)
    for j, c in enumerate(LABELS):
        if c in cl:
            out[:, j] = probs[:, cl.index(c)]
    return out


def post_probs(news_probs: np.ndarray, post_probs_: np.ndarray) -> np.ndarray:
    """A post's (negative, neutral, positive) from both models (columns in ``LABELS`` order): the post model
    was trained on opinionated posts only (UTS2017 has almost no neutral post), so whether a post takes a side
    at all comes from the news model (P(neutral)), and which side from both (the mean of their
    negative-vs-positive odds).

    >>> post_probs(np.array([[0.1, 0.8, 0.1]]), np.array([[0.9, 0.0, 0.1]])).round(2).tolist()
    [[0.14, 0.8, 0.06]]
    """
    def side(p: np.ndarray) -> np.ndarray:
        pn = p[:, [0, 2]]
        tot = pn.sum(axis=1, keepdims=True)
        return np.where(tot > 0, pn / np.where(tot > 0, tot, 1.0), 0.5)

    d = 0.5 * side(news_probs) + 0.5 * side(post_probs_)
    neu = news_probs[:, 1]
    return np.stack([(1.0 - neu) * d[:, 0], neu, (1.0 - neu) * d[:, 1]], axis=1)


@dataclass
class SentimentModel:
    """The shipped artefact: one fitted pipeline per domain and the lexicon weight of each domain.

    News: the news model blended with the lexicon. Posts: :func:`post_probs` of the news model (on the post's
    prepared text) and the post model, blended with the lexicon (emoji and teencode included).
    """

    models: dict[str, Pipeline]
    lexicon_weight: dict[str, float]
    info: dict[str, Any] = field(default_factory=dict)

    def model_probs(self, prepared: Sequence[str], domain: str) -> np.ndarray:
        news = self.models["news"]
        pn = ordered(news.predict_proba(list(prepared)), news.classes_)
        if domain != "posts" or "posts" not in self.models:
            return pn
        post = self.models["posts"]
        return post_probs(pn, ordered(post.predict_proba(list(prepared)), post.classes_))

    def probs(self, prepared: Sequence[str], domain: str) -> np.ndarray:
        w = self.lexicon_weight.get(domain, 0.0)
        lex = [_signed(lexicon_parts(t, domain)) for t in prepared]
        pr = self.model_probs(prepared, domain) if w < 1.0 else np.zeros((len(prepared), 3))
        return blend_probs(pr, LABELS, lex, w)


def one_se_weight(means: dict[float, float], ses: dict[float, float]) -> float:
    """The largest lexicon weight whose CV score is within one standard error of the best (the one-SE rule,
    leaning to the prior knowledge when the real data cannot tell the candidates apart).

    >>> one_se_weight({0.0: 0.55, 0.4: 0.542, 0.6: 0.532}, {0.0: 0.012, 0.4: 0.015, 0.6: 0.014})
    0.4
    """
    best = max(means, key=lambda w: means[w])
    floor = means[best] - ses[best]
    return max(w for w, m in means.items() if m >= floor)


# ------------------------------------------------------------------------------------------- data
def load_danes(eval_dir: Path | None = None) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """(prepared texts, labels, raw records) of DANeS sentiment (news domain)."""
    base = eval_dir or get_settings().eval_data_dir
    path = base / "danes-sentiment" / "train.jsonl"
    if not path.is_file():
        raise DataError(f"DANeS sentiment data not found at {path} (set LANTOA_EVAL_DATA_DIR)")
    recs = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                recs.append(json.loads(line))
            except ValueError as e:
                raise DataError(f"{path}:{n}: bad JSON") from e
    recs = [r for r in recs if r.get("sentiment") in LABELS]
    return [prepare(r.get("title"), r.get("lead")) for r in recs], [r["sentiment"] for r in recs], recs


_FASTTEXT_LABEL = re.compile(r"__label__\S+?#(positive|negative|neutral)")


def load_uts_posts(eval_dir: Path | None = None) -> tuple[list[str], list[str]]:
    """(prepared texts, labels) of the UTS2017 bank posts (posts domain), train and test files together
    (the evaluation cross-validates over all of them). A post with two polarities takes the majority,
    ties go to negative; a post with none is skipped."""
    base = (eval_dir or get_settings().eval_data_dir) / "uts2017-bank-sentiment"
    texts, labels = [], []
    for name in ("train.txt", "test.txt"):
        path = base / name
        if not path.is_file():
            raise DataError(f"UTS2017 bank sentiment data not found at {path} (set LANTOA_EVAL_DATA_DIR)")
        for line in path.read_text(encoding="utf-8").splitlines():
            labs = _FASTTEXT_LABEL.findall(line)
            text = re.sub(r"__label__\S+\s*", "", line).strip()
            if not labs or not text:
                continue
            counts = {lab: labs.count(lab) for lab in set(labs)}
            best = max(counts.values())
            top = [lab for lab in ("negative", "positive", "neutral") if counts.get(lab) == best]
            texts.append(prepare_post(text))
            labels.append(top[0])
    return texts, labels


def load_unlabelled_news(eval_dir: Path | None = None, limit: int | None = None) -> list[str]:
    """Prepared 'title . first sentence' of the Dân trí corpus (unlabelled real news, for self-training)."""
    base = (eval_dir or get_settings().eval_data_dir) / "news-corpus-dantri" / "docs"
    if not base.is_dir():
        raise DataError(f"Dân trí corpus not found at {base} (set LANTOA_EVAL_DATA_DIR)")
    out = []
    for p in sorted(base.glob("*.txt")):
        lines = [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.startswith("# ")]
        if lines:
            out.append(prepare(lines[0], lines[1] if len(lines) > 1 else None))
        if limit and len(out) >= limit:
            break
    return out


# ------------------------------------------------------------------------------------------ predict
def model_path() -> Path:
    return get_settings().nlp_models_dir / MODEL_FILE


@lru_cache(maxsize=1)
def load_model() -> SentimentModel:
    path = model_path()
    if not path.is_file():
        raise ModelError(f"sentiment model missing at {path}: run `python -m nlp.train`")
    try:
        import joblib

        model = joblib.load(path)
    except Exception as e:  # noqa: BLE001 - any unpickling failure is a model problem
        raise ModelError(f"cannot load sentiment model {path}: {e}") from e
    if not isinstance(model, SentimentModel):
        raise ModelError(f"{path} is not a two-domain sentiment model: run `python -m nlp.train`")
    return model


def predict(texts: Iterable[str], model: Any = None, domain: str = "news") -> list[dict[str, Any]]:
    """[{label, score, confidence, probs}] for raw or prepared texts of ``domain`` ("news": headline + lead,
    "posts": social text). score = P(positive) - P(negative) in [-1, 1], already signed, and
    label = ``common.sentiment.label_for(score)`` (the one cut-off, not the argmax).

    ``model``: a :class:`SentimentModel` (default: the shipped one) or any fitted classifier with
    ``predict_proba``/``classes_`` over prepared texts (used as is, without the lexicon blend).
    An empty text is neutral with score 0.
    """
    if domain not in DOMAINS:
        raise ModelError(f"unknown sentiment domain {domain!r} (one of {', '.join(DOMAINS)})")
    items = [prepare_for(t or "", domain) for t in texts]
    out: list[dict[str, Any]] = [{"label": "neutral", "score": 0.0, "probs": {}} for _ in items]
    idx = [i for i, t in enumerate(items) if t.strip()]
    if not idx:
        return out
    m = model if model is not None else load_model()
    batch = [items[i][:_MAX_CHARS] for i in idx]
    if isinstance(m, SentimentModel):
        probs, classes = m.probs(batch, domain), list(LABELS)
    else:
        probs, classes = m.predict_proba(batch), list(m.classes_)
    for i, pr in zip(idx, probs, strict=True):
        d = {c: float(p) for c, p in zip(classes, pr, strict=True)}
        score = round(max(-1.0, min(1.0, d.get("positive", 0.0) - d.get("negative", 0.0))), 4)
        out[i] = {"label": label_for(score), "score": score,
                  "confidence": round(float(np.max(pr)), 4),
                  "probs": {k: round(v, 4) for k, v in d.items()}}
    return out
