"""Evaluation commands: sentiment (5-fold CV vs baseline, nested), topics vs DANeS labels, province
relevance on hand-checked labels, entity F1 on a labelled file.

Run: ``.venv/bin/python -m nlp.evaluate sentiment|topics|relevance|entities``.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import classification_report, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from common.errors import DataError
from nlp.normalize import nfc
from nlp.sentiment import CANDIDATES, build_baseline, build_model, load_danes
from nlp.settings import get_settings

_PKG = Path(__file__).resolve().parent
RELEVANCE_LABELS = _PKG / "eval" / "relevance_dantri_labels.jsonl"
ENTITY_LABELS = _PKG / "eval" / "entities_dantri_gold.jsonl"
ENTITY_HELDOUT = _PKG / "eval" / "entities_dantri_heldout.jsonl"


def evaluate_sentiment(folds: int = 5, seed: int = 0, nested: bool = True) -> dict[str, Any]:
    """Macro-F1 with stratified k-fold CV: baseline(s), the shipped config, and a nested estimate."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    X, y, _ = load_danes()  # noqa: N806
    y_arr = np.asarray(y)
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    res: dict[str, Any] = {"records": len(X), "folds": folds, "labels": dict(Counter(y))}
    t = time.perf_counter()
    p = cross_val_predict(build_baseline(), X, y, cv=cv)
    res["baseline_tfidf_logreg"] = round(f1_score(y, p, average="macro"), 4)
    bal = Pipeline([("tfidf", TfidfVectorizer()),
                    ("clf", LogisticRegression(max_iter=2000, class_weight="balanced"))])
    p = cross_val_predict(bal, X, y, cv=cv)
    res["baseline_tfidf_logreg_balanced"] = round(f1_score(y, p, average="macro"), 4)
    p = cross_val_predict(build_model(seed=seed), X, y, cv=cv)
    res["model_fixed_params"] = round(f1_score(y, p, average="macro"), 4)
    res["model_report"] = classification_report(y, p, output_dict=True, zero_division=0)
    if nested:
        preds = np.empty(len(X), dtype=object)
        chosen = []
        for tr, te in cv.split(X, y):
            xtr = [X[i] for i in tr]
            inner = StratifiedKFold(3, shuffle=True, random_state=seed + 1)
            scores = []
            for cand in CANDIDATES:
                pi = cross_val_predict(build_model(cand, seed), xtr, y_arr[tr], cv=inner)
                scores.append(f1_score(y_arr[tr], pi, average="macro"))
            best = CANDIDATES[int(np.argmax(scores))]
            chosen.append(best)
            m = build_model(best, seed).fit(xtr, y_arr[tr])
            preds[te] = m.predict([X[i] for i in te])
        res["model_nested_selection"] = round(f1_score(y, list(preds), average="macro"), 4)
        res["nested_chosen"] = chosen
    res["seconds"] = round(time.perf_counter() - t, 1)
    return res


# DANeS topic label -> our topic id (only where the meaning matches)
DANES_TOPIC_MAP = {
    "Sức khoẻ": "health", "Giáo dục": "education", "Môi trường": "environment", "Du lịch": "tourism",
    "Bất động sản": "land", "Kinh tế": "economy", "Chứng khoán": "economy", "Văn hoá": "culture",
    "Pháp luật": "security", "Covid-19": "health",
}


def evaluate_topics() -> dict[str, Any]:
    """Per-topic precision/recall/F1 of the keyword rules against DANeS topic labels where they map."""
    from nlp.topics import topics

    _, _, recs = load_danes()
    tmap = {nfc(k): v for k, v in DANES_TOPIC_MAP.items()}
    gold_ids = sorted(set(DANES_TOPIC_MAP.values()))
    counts = {t: Counter() for t in gold_ids}
    for r in recs:
        gold = {tmap[nfc(t)] for t in r.get("topics", []) if nfc(t) in tmap}
        pred = set(topics(r.get("lead") or "", title=r.get("title") or ""))
        for t in gold_ids:
            g, p = t in gold, t in pred
            counts[t]["tp" if g and p else "fp" if p else "fn" if g else "tn"] += 1
    out: dict[str, Any] = {"records": len(recs), "map": DANES_TOPIC_MAP, "per_topic": {}}
    f1s = []
    for t, c in counts.items():
        prec = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        rec = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        f1s.append(f1)
        out["per_topic"][t] = {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3),
                               "support": c["tp"] + c["fn"]}
    out["macro_f1"] = round(float(np.mean(f1s)), 4)
    return out


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise DataError(f"labels file missing: {path}")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def dantri_docs(eval_dir: Path | None = None) -> dict[str, dict[str, str]]:
    """Dân trí corpus: doc_id -> {title, text, url, date}."""
    base = (eval_dir or get_settings().eval_data_dir) / "news-corpus-dantri" / "docs"
    if not base.is_dir():
        raise DataError(f"Dân trí corpus not found at {base} (set LANTOA_EVAL_DATA_DIR)")
    out = {}
    for p in sorted(base.glob("*.txt")):
        meta: dict[str, str] = {}
        lines = []
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.startswith("# ") and " = " in line and not lines:
                k, _, v = line[2:].partition(" = ")
                meta[k.strip()] = v.strip()
            elif line.strip():
                lines.append(line.strip())
        doc_id = meta.get("doc_id", p.stem)
        out[doc_id] = {"title": lines[0] if lines else "", "text": "\n".join(lines), "url": meta.get("url", ""),
                       "date": meta.get("date", "")}
    return out


def _prf(pairs: Iterable[tuple[bool, bool]]) -> dict[str, Any]:
    c = Counter((g, p) for g, p in pairs)
    tp, fp, fn = c[(True, True)], c[(False, True)], c[(True, False)]
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"n": sum(c.values()), "positives": tp + fn, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(prec, 3), "recall": round(rec, 3),
            "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0}


def evaluate_relevance(labels_path: Path = RELEVANCE_LABELS) -> dict[str, Any]:
    """Precision/recall of ``relevance()`` against hand-checked labels of Dân trí articles, plus the
    naive baseline 'the text contains the string Phú Thọ / Vĩnh Phúc / Hòa Bình (any case)'."""
    from nlp.relevance import relevance

    labels = _read_jsonl(labels_path)
    docs = dantri_docs()
    pairs, naive, errors = [], [], []
    for lab in labels:
        d = docs.get(lab["doc_id"])
        if d is None:
            raise DataError(f"labelled doc {lab['doc_id']} not in the corpus")
        text = nfc(d["text"])
        r = relevance(text)
        gold = bool(lab["relevant"])
        pairs.append((gold, r["relevant"]))
        low = text.lower()
        naive.append((gold, any(n in low for n in ("phú thọ", "vĩnh phúc", "hòa bình"))))
        if gold != r["relevant"]:
            errors.append({"doc_id": lab["doc_id"], "gold": gold, "score": r["score"], "reasons": r["reasons"][:4]})
    return {"labels": str(labels_path.name), "relevance": _prf(pairs), "naive_substring": _prf(naive),
            "errors": errors}


def evaluate_entities(gold_path: Path = ENTITY_LABELS, mode: str = "ner") -> dict[str, Any]:
    """Exact span+type P/R/F1 for LOC and ORG (and PER), our pipeline vs underthesea alone.

    Gold file: JSON lines {"text", "entities": [[start, end, label], ...]} over NFC text.
    """
    from underthesea import ner as ut_ner

    from nlp.annotate import annotate_records
    from nlp.tokenizer import _align

    gold = _read_jsonl(gold_path)
    sys_sets: dict[str, list[set[tuple[int, int, str]]]] = {"pipeline": [], "underthesea": []}
    gold_sets = []
    texts = [g["text"] for g in gold]
    for out in annotate_records([{"id": i, "text": t} for i, t in enumerate(texts)], mode=mode):
        sys_sets["pipeline"].append({(e["start"], e["end"], e["label"]) for e in out["entities"]})
    for g in gold:
        gold_sets.append({(s, e, lab) for s, e, lab in g["entities"]})
        toks = [(t[0], t[1], t[3]) for t in ut_ner(g["text"])]
        spans = _align(toks, g["text"], 0)
        ents: set[tuple[int, int, str]] = set()
        cur = None
        for s, e, _, tag in spans + [(len(g["text"]), len(g["text"]), "", "O")]:
            if tag.startswith("I-") and cur and cur[2] == tag[2:]:
                cur = (cur[0], e, cur[2])
                continue
            if cur:
                ents.add(cur)
                cur = None
            if tag.startswith(("B-", "I-")):
                cur = (s, e, tag[2:])
        sys_sets["underthesea"].append(ents)
    out: dict[str, Any] = {"sentences": len(gold)}
    for name, sets in sys_sets.items():
        out[name] = {}
        for label in ("LOC", "ORG", "PER", "ALL"):
            tp = fp = fn = 0
            for gs, ss in zip(gold_sets, sets, strict=True):
                gl = {x for x in gs if label in ("ALL", x[2])}
                sl = {x for x in ss if label in ("ALL", x[2])}
                tp += len(gl & sl)
                fp += len(sl - gl)
                fn += len(gl - sl)
            prec = tp / (tp + fp) if tp + fp else 0.0
            rec = tp / (tp + fn) if tp + fn else 0.0
            out[name][label] = {"precision": round(prec, 3), "recall": round(rec, 3),
                                "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0,
                                "gold": tp + fn}
    return out


def evaluate_sandbox(world_dir: Path, mode: str = "ner", limit: int | None = None) -> dict[str, Any]:
    """Against a sandbox world's ground truth (etl/sandbox, FORMAT.md): province relevance P/R (overall and
    per confusable kind), sentiment macro-F1, and entity exact-match F1 on the (generated) article text.

    Reads the world's plain JSON files; nlp/ imports nothing from etl/.
    """
    from nlp.annotate import annotate_records

    arts = {a["id"]: a for a in _read_jsonl(world_dir / "articles" / "articles.jsonl")}
    truth = [t for t in _read_jsonl(world_dir / "truth" / "articles.jsonl") if t["id"] in arts]
    if limit:
        truth = truth[:limit]
    recs = []
    for t in truth:
        a = arts[t["id"]]
        recs.append({"id": t["id"], "title": a.get("title") or "", "lead": a.get("lead") or "",
                     "text": a.get("text") or ""})
    rel_pairs, rel_by_kind, sent_gold, sent_pred = [], {}, [], []
    ent_counts = {lab: Counter() for lab in ("LOC", "ORG", "PER")}
    # relevance/sentiment see title + lead + text; entities are scored on ``text`` only (as annotated)
    full = [{"id": r["id"], "title": r["title"], "lead": r["lead"],
             "text": "\n".join(x for x in (r["title"], r["lead"], r["text"]) if x)} for r in recs]
    t0 = time.perf_counter()
    outs = {o["id"]: o for o in annotate_records(full, mode=mode)}
    body = {o["id"]: o for o in annotate_records([{"id": r["id"], "text": r["text"]} for r in recs], mode=mode)}
    secs = time.perf_counter() - t0
    for t in truth:
        o = outs[t["id"]]
        gold, pred = bool(t["concerns_province"]), bool(o["relevance"]["relevant"])
        rel_pairs.append((gold, pred))
        rel_by_kind.setdefault(t.get("confusable") or "none", []).append((gold, pred))
        sent_gold.append(t["sentiment"])
        sent_pred.append(o["sentiment"]["label"] or "neutral")
        g = {(e["start"], e["end"], e["label"]) for e in t.get("entities", [])}
        p = {(e["start"], e["end"], e["label"]) for e in body[t["id"]]["entities"]}
        for lab in ent_counts:
            gl = {x for x in g if x[2] == lab}
            pl = {x for x in p if x[2] == lab}
            ent_counts[lab]["tp"] += len(gl & pl)
            ent_counts[lab]["fp"] += len(pl - gl)
            ent_counts[lab]["fn"] += len(gl - pl)
    ents = {}
    for lab, c in ent_counts.items():
        prec = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        rec = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        ents[lab] = {"precision": round(prec, 3), "recall": round(rec, 3),
                     "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0, "gold": c["tp"] + c["fn"]}
    return {
        "world": str(world_dir), "articles": len(truth), "seconds": round(secs, 1),
        "relevance": _prf(rel_pairs),
        "relevance_by_confusable": {k: {"n": len(v), "accuracy": round(sum(g == p for g, p in v) / len(v), 3)}
                                    for k, v in sorted(rel_by_kind.items())},
        "sentiment_macro_f1": round(f1_score(sent_gold, sent_pred, average="macro"), 4),
        "entities_exact": ents,
    }


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    what = args[0] if args else "sentiment"
    if what == "sandbox":
        if len(args) < 2:
            print("usage: python -m nlp.evaluate sandbox WORLD_DIR [mode]", file=sys.stderr)
            return 2
        res = evaluate_sandbox(Path(args[1]), mode=args[2] if len(args) > 2 else "ner")
        print(json.dumps(res, ensure_ascii=False, indent=2, default=str))
        return 0
    fn = {"sentiment": evaluate_sentiment, "topics": evaluate_topics, "relevance": evaluate_relevance,
          "entities": evaluate_entities,
          "entities-heldout": lambda: evaluate_entities(ENTITY_HELDOUT)}.get(what)
    if fn is None:
        print("usage: python -m nlp.evaluate sentiment|topics|relevance|entities|entities-heldout|sandbox DIR",
              file=sys.stderr)
        return 2
    print(json.dumps(fn(), ensure_ascii=False, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
