"""News sentiment (positive / neutral / negative with a score), trained on DANeS headlines + leads.

Model: a class-balanced logistic regression over sparse features — syllable 1–2-gram TF-IDF of title+lead,
character 1–5-gram TF-IDF (within word boundaries), a separate syllable TF-IDF of the title, and counts of a
hand-written polarity lexicon (nlp/data/sentiment_lexicon.txt) with negation flipping. Hyper-parameters
are fixed in ``MODEL_PARAMS``; ``nlp.evaluate`` also reports a nested-CV estimate in which the choice among
``CANDIDATES`` is made on inner folds only.
The trained pipeline is saved with joblib in the models directory (``sentiment.joblib``) by
``python -m nlp.train``; ``predict`` loads it lazily.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import VotingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import LinearSVC

from common.errors import DataError, ModelError
from common.sentiment import label_for
from nlp.normalize import nfc
from nlp.settings import get_settings

LABELS = ("negative", "neutral", "positive")
# what an annotation's sentiment means; part of etl.nlp_stage.nlp_version, so changing it re-annotates the graph
SCHEME = "sentiment-2: score = P(positive) - P(negative), label = common.sentiment.label_for(score)"
MODEL_FILE = "sentiment.joblib"
MODEL_PARAMS: dict[str, Any] = {
    "clf": "lr", "C_lr": 1.0, "C_svm": 0.3, "char_ngrams": (1, 5), "word_ngrams": (1, 2),
}
# candidates for the nested (inner-CV) selection in nlp.evaluate
CANDIDATES: tuple[dict[str, Any], ...] = (
    {"clf": "lr", "C_lr": 1.0}, {"clf": "lr", "C_lr": 4.0}, {"clf": "svm", "C_svm": 0.3},
)
_NEGATORS = ("không", "chưa", "chẳng", "chả", "không hề", "đừng", "chống")
_WS = re.compile(r"\s+")


def prepare(title: str | None, lead: str | None = None) -> str:
    """Model input: normalised, lower-cased 'title . lead'.

    >>> prepare("Hoà Bình", "Thuỷ điện")
    'hòa bình . thủy điện'
    """
    t = nfc(title or "").strip()
    lead_n = nfc(lead or "").strip()
    text = f"{t} . {lead_n}" if lead_n else t
    return _WS.sub(" ", text).lower()


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list[str]]:
    path = get_settings().data_dir / "sentiment_lexicon.txt"
    out: dict[str, list[str]] = {"pos": [], "neg": []}
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            pol, _, phrase = line.partition("\t")
            if pol in out and phrase.strip():
                out[pol].append(nfc(phrase.strip()).lower())
    except OSError as e:
        raise DataError(f"cannot read sentiment lexicon {path}: {e}") from e
    return out


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """Counts of positive / negative lexicon phrases (whole-syllable match), negated ones flipped,
    split between the title (before ' . ') and the rest."""

    def fit(self, X: Sequence[str], y: Any = None) -> LexiconFeatures:  # noqa: N803 - sklearn API
        return self

    def _patterns(self) -> dict[str, re.Pattern[str]]:
        lex = lexicon()
        return {
            pol: re.compile(
                r"(?<!\w)(?:(" + "|".join(re.escape(n) for n in _NEGATORS) + r")\s+)?("
                + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?!\w)"
            )
            for pol, words in lex.items()
        }

    def transform(self, X: Sequence[str]) -> sp.csr_matrix:  # noqa: N803 - sklearn API
        pats = self._patterns()
        rows = []
        for text in X:
            title, _, rest = text.partition(" . ")
            feats = []
            for part in (title, rest):
                pos = neg = 0.0
                for pol, pat in pats.items():
                    for m in pat.finditer(part):
                        negated = m.group(1) is not None
                        if (pol == "pos") != negated:
                            pos += 1
                        else:
                            neg += 1
                feats += [np.log1p(pos), np.log1p(neg), float(pos > neg), float(neg > pos)]
            rows.append(feats)
        return sp.csr_matrix(np.asarray(rows, dtype=np.float64).reshape(len(rows), 8))


def _title_only(texts: Sequence[str]) -> list[str]:
    return [t.partition(" . ")[0] for t in texts]


def build_model(params: dict[str, Any] | None = None, seed: int = 0) -> Pipeline:
    """The untrained sentiment pipeline (fixed hyper-parameters, see ``MODEL_PARAMS``).

    ``params["clf"]``: "lr" (class-balanced logistic regression, default), "svm" (class-balanced linear
    SVM with Platt calibration) or "vote" (soft vote of both).
    """
    p = {**MODEL_PARAMS, **(params or {})}
    features = FeatureUnion([
        ("word", TfidfVectorizer(ngram_range=tuple(p["word_ngrams"]), min_df=1, sublinear_tf=True,
                                 token_pattern=r"(?u)\b\w+\b")),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(p["char_ngrams"]), min_df=2,
                                 sublinear_tf=True, max_features=150_000)),
        ("title", Pipeline([("pick", FunctionTransformer(_title_only)),
                            ("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True,
                                                      token_pattern=r"(?u)\b\w+\b"))])),
        ("lex", LexiconFeatures()),
    ])
    lr = LogisticRegression(C=p["C_lr"], class_weight="balanced", max_iter=3000)
    svm = CalibratedClassifierCV(LinearSVC(C=p["C_svm"], class_weight="balanced", random_state=seed),
                                 method="sigmoid", cv=3)
    clf: Any
    if p["clf"] == "lr":
        clf = lr
    elif p["clf"] == "svm":
        clf = svm
    else:
        clf = VotingClassifier([("lr", lr), ("svm", svm)], voting="soft")
    return Pipeline([("features", features), ("clf", clf)])


def build_baseline() -> Pipeline:
    """TF-IDF (default settings) + logistic regression: the baseline the issue quotes (~0.51 macro-F1)."""
    return Pipeline([("tfidf", TfidfVectorizer()), ("clf", LogisticRegression(max_iter=2000))])


def load_danes(eval_dir: Path | None = None) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """(texts, labels, raw records) of DANeS sentiment."""
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


def model_path() -> Path:
    return get_settings().nlp_models_dir / MODEL_FILE


@lru_cache(maxsize=1)
def load_model() -> Pipeline:
    path = model_path()
    if not path.is_file():
        raise ModelError(f"sentiment model missing at {path}: run `python -m nlp.train`")
    try:
        import joblib

        model = joblib.load(path)
    except Exception as e:  # noqa: BLE001 - any unpickling failure is a model problem
        raise ModelError(f"cannot load sentiment model {path}: {e}") from e
    return model


def predict(texts: Iterable[str], model: Pipeline | None = None) -> list[dict[str, Any]]:
    """[{label, score, probs}] for prepared or raw texts; score = P(positive) - P(negative) in [-1, 1],
    already signed, and label = ``common.sentiment.label_for(score)`` (the one cut-off, not the argmax).

    An empty text is neutral with score 0.
    """
    items = [prepare(t) for t in texts]
    out: list[dict[str, Any]] = [{"label": "neutral", "score": 0.0, "probs": {}} for _ in items]
    idx = [i for i, t in enumerate(items) if t.strip()]
    if not idx:
        return out
    m = model or load_model()
    probs = m.predict_proba([items[i][:4000] for i in idx])
    classes = list(m.classes_)
    for i, pr in zip(idx, probs, strict=True):
        d = {c: float(p) for c, p in zip(classes, pr, strict=True)}
        score = round(d.get("positive", 0.0) - d.get("negative", 0.0), 4)
        out[i] = {"label": label_for(score), "score": score,
                  "confidence": round(float(np.max(pr)), 4),
                  "probs": {k: round(v, 4) for k, v in d.items()}}
    return out
