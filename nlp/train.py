"""Train the shipped models from the evaluation data: ``.venv/bin/python -m nlp.train``.

Writes ``<models dir>/sentiment.joblib`` (DANeS sentiment, all 1,409 records, fixed hyper-parameters)
and ``sentiment.json`` (what it was trained on). Takes well under a minute on one core.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from common.errors import ModelError, NlpError
from nlp.sentiment import MODEL_FILE, MODEL_PARAMS, build_model, load_danes, load_model
from nlp.settings import get_settings


def train_sentiment(out_dir: Path | None = None, seed: int = 0) -> dict[str, Any]:
    """Fit the sentiment model on all DANeS records and save it; returns a summary."""
    import joblib
    import sklearn

    X, y, _ = load_danes()  # noqa: N806 - sklearn naming
    t0 = time.perf_counter()
    model = build_model(seed=seed)
    model.fit(X, y)
    out = out_dir or get_settings().nlp_models_dir
    out.mkdir(parents=True, exist_ok=True)
    path = out / MODEL_FILE
    try:
        joblib.dump(model, path, compress=3)
    except OSError as e:
        raise ModelError(f"cannot write {path}: {e}") from e
    summary = {
        "model": path.name, "records": len(X), "labels": dict(Counter(y)), "params": MODEL_PARAMS,
        "sklearn": sklearn.__version__, "seconds": round(time.perf_counter() - t0, 1),
        "size_bytes": path.stat().st_size, "data": "eval-data/danes-sentiment/train.jsonl (CC BY 4.0)",
    }
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
