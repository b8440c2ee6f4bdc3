"""Train the shipped sentiment model from the evaluation data: ``.venv/bin/python -m nlp.train``.

Writes ``<models dir>/sentiment.joblib`` (a :class:`nlp.sentiment.SentimentModel`: the news model fitted on all
DANeS records, the post model on all UTS2017 bank posts, and the lexicon weight of each domain chosen by the
one-standard-error rule over 5-fold CV on that domain's real data) and ``sentiment.json`` (what it was trained
on, the CV table the weights came from). Never sees sandbox text. About two minutes on one core.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from common.errors import ModelError, NlpError
from common.sentiment import label_for
from nlp.sentiment import (
    BLEND_WEIGHTS,
    LABELS,
    MODEL_FILE,
    MODEL_PARAMS,
    SCHEME,
    SentimentModel,
    _signed,
    blend_probs,
    build_model,
    lexicon_parts,
    load_danes,
    load_model,
    load_uts_posts,
    one_se_weight,
    ordered,
    post_probs,
)
from nlp.settings import get_settings


def labels_of(probs: np.ndarray) -> list[str]:
    """Labels from (negative, neutral, positive) rows through the one cut-off."""
    return [label_for(float(np.clip(p[2] - p[0], -1.0, 1.0))) for p in probs]


def weight_table(y: np.ndarray, model_probs: np.ndarray, lex: list[float], folds: list[np.ndarray]
                 ) -> tuple[dict[float, float], dict[float, float]]:
    """Macro-F1 mean and standard error over ``folds`` for every lexicon weight in ``BLEND_WEIGHTS``."""
    means, ses = {}, {}
    for w in BLEND_WEIGHTS:
        lab = np.asarray(labels_of(blend_probs(model_probs, LABELS, lex, w)))
        fs = [f1_score(y[te], lab[te], average="macro") for te in folds]
        means[w], ses[w] = round(float(np.mean(fs)), 4), round(float(np.std(fs, ddof=1) / np.sqrt(len(fs))), 4)
    return means, ses


def cv_news(folds: int = 5, seed: int = 0) -> dict[str, Any]:
    """Out-of-fold news probabilities on DANeS and the weight table."""
    X, y, _ = load_danes()  # noqa: N806 - sklearn naming
    ya = np.asarray(y)
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    pr = ordered(cross_val_predict(build_model("news", seed=seed), X, ya, cv=cv, method="predict_proba"),
                 sorted(set(y)))
    lex = [_signed(lexicon_parts(x, "news")) for x in X]
    means, ses = weight_table(ya, pr, lex, [te for _, te in cv.split(X, ya)])
    return {"X": X, "y": y, "probs": pr, "lex": lex, "means": means, "ses": ses}


def cv_posts(news_model: Any, folds: int = 5, seed: int = 0) -> dict[str, Any]:
    """Out-of-fold post probabilities on UTS2017 (the news model, fitted on DANeS only, is fixed) and the table."""
    X, y = load_uts_posts()  # noqa: N806
    ya = np.asarray(y)
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    pu = ordered(cross_val_predict(build_model("posts", seed=seed), X, ya, cv=cv, method="predict_proba"),
                 sorted(set(y)))
    pn = ordered(news_model.predict_proba(X), news_model.classes_)
    pr = post_probs(pn, pu)
    lex = [_signed(lexicon_parts(x, "posts")) for x in X]
    means, ses = weight_table(ya, pr, lex, [te for _, te in cv.split(X, ya)])
    return {"X": X, "y": y, "probs": pr, "post_only": pu, "lex": lex, "means": means, "ses": ses}


def train_sentiment(out_dir: Path | None = None, seed: int = 0) -> dict[str, Any]:
    """Fit both domains on all their real data, choose each lexicon weight on CV, save; returns a summary."""
    import joblib
    import sklearn

    t0 = time.perf_counter()
    news_cv = cv_news(seed=seed)
    news = build_model("news", seed=seed).fit(news_cv["X"], news_cv["y"])
    posts_cv = cv_posts(news, seed=seed)
    posts = build_model("posts", seed=seed).fit(posts_cv["X"], posts_cv["y"])
    weights = {"news": one_se_weight(news_cv["means"], news_cv["ses"]),
               "posts": one_se_weight(posts_cv["means"], posts_cv["ses"])}
    summary: dict[str, Any] = {
        "model": MODEL_FILE, "scheme": SCHEME, "params": MODEL_PARAMS, "lexicon_weight": weights,
        "weight_rule": "largest lexicon weight within one standard error of the best 5-fold CV macro-F1",
        "news": {"data": "eval-data/danes-sentiment/train.jsonl (CC BY 4.0)", "records": len(news_cv["y"]),
                 "labels": dict(Counter(news_cv["y"])), "cv_macro_f1_by_weight": news_cv["means"],
                 "cv_se_by_weight": news_cv["ses"]},
        "posts": {"data": "eval-data/uts2017-bank-sentiment/{train,test}.txt (GPL-3.0)",
                  "records": len(posts_cv["y"]), "labels": dict(Counter(posts_cv["y"])),
                  "cv_macro_f1_by_weight": posts_cv["means"], "cv_se_by_weight": posts_cv["ses"]},
        "sklearn": sklearn.__version__, "seed": seed,
    }
    model = SentimentModel(models={"news": news, "posts": posts}, lexicon_weight=weights,
                           info={k: summary[k] for k in ("scheme", "lexicon_weight", "sklearn")})
    out = out_dir or get_settings().nlp_models_dir
    out.mkdir(parents=True, exist_ok=True)
    path = out / MODEL_FILE
    try:
        joblib.dump(model, path, compress=3)
    except OSError as e:
        raise ModelError(f"cannot write {path}: {e}") from e
    summary["seconds"] = round(time.perf_counter() - t0, 1)
    summary["size_bytes"] = path.stat().st_size
    (out / "sentiment.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str) + "\n",
                                        encoding="utf-8")
    load_model.cache_clear()
    return summary


def main() -> int:
    try:
        print(json.dumps(train_sentiment(), ensure_ascii=False, indent=2, default=str))
    except NlpError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
