"""Evaluation commands: sentiment (5-fold CV per domain vs the baseline), sentiment-world (a sandbox world's
labels, offline), topics vs DANeS labels, province
relevance on hand-checked labels, entity F1 on a labelled file.

Run: ``.venv/bin/python -m nlp.evaluate sentiment|sentiment-world WORLD..|topics|relevance|entities``.
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
from nlp.sentiment import LABELS, blend_probs, build_baseline, build_model, load_danes, one_se_weight
from nlp.settings import get_settings

_PKG = Path(__file__).resolve().parent
RELEVANCE_LABELS = _PKG / "eval" / "relevance_dantri_labels.jsonl"
ENTITY_LABELS = _PKG / "eval" / "entities_dantri_gold.jsonl"
ENTITY_HELDOUT = _PKG / "eval" / "entities_dantri_heldout.jsonl"


def _baselines(X: list[str], y: list[str], cv: StratifiedKFold) -> dict[str, float]:  # noqa: N803
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    out = {}
    p = cross_val_predict(build_baseline(), X, y, cv=cv)
    out["baseline_tfidf_logreg"] = round(f1_score(y, p, average="macro"), 4)
    out["baseline_tfidf_logreg_pos_neg_f1"] = round(f1_score(y, p, average="macro",
                                                             labels=["negative", "positive"]), 4)
    bal = Pipeline([("tfidf", TfidfVectorizer()),
                    ("clf", LogisticRegression(max_iter=2000, class_weight="balanced"))])
    p = cross_val_predict(bal, X, y, cv=cv)
    out["baseline_tfidf_logreg_balanced"] = round(f1_score(y, p, average="macro"), 4)
    return out


def _calibration(y: list[str], probs: np.ndarray, bins: int = 10) -> dict[str, float]:
    """Multi-class Brier score and the expected calibration error of the top class."""
    onehot = np.array([[1.0 if lab == c else 0.0 for c in LABELS] for lab in y])
    brier = float(np.mean(np.sum((probs - onehot) ** 2, axis=1)))
    conf, pred = probs.max(axis=1), probs.argmax(axis=1)
    hit = onehot[np.arange(len(y)), pred]
    ece = 0.0
    for b in range(bins):
        sel = (conf > b / bins) & (conf <= (b + 1) / bins)
        if sel.any():
            ece += sel.mean() * abs(hit[sel].mean() - conf[sel].mean())
    return {"brier": round(brier, 4), "ece": round(float(ece), 4)}


def evaluate_sentiment(folds: int = 5, seed: int = 0) -> dict[str, Any]:
    """Per domain, on its own real data, stratified k-fold CV macro-F1: the TF-IDF + LR baseline(s), the
    statistical model alone, the lexicon alone, and the shipped blend at the weight the training rule picks
    (the weight is chosen from the same out-of-fold table, so the blend's figure is optimistic by at most
    the choice among 7 weights). News: DANeS; posts: UTS2017 bank posts (almost no neutral post, so the
    negative/positive F1 is reported too)."""
    from nlp.train import cv_news, cv_posts, labels_of

    t = time.perf_counter()
    res: dict[str, Any] = {"folds": folds, "seed": seed}
    news_cv = cv_news(folds, seed)
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    news_res: dict[str, Any] = {"data": "DANeS (CC BY 4.0)", "records": len(news_cv["y"]),
                                "labels": dict(Counter(news_cv["y"]))}
    news_res.update(_baselines(news_cv["X"], news_cv["y"], cv))
    w = one_se_weight(news_cv["means"], news_cv["ses"])
    news_res["model_alone"] = news_cv["means"][0.0]
    news_res["lexicon_alone"] = news_cv["means"][1.0]
    news_res["shipped_blend"] = {"lexicon_weight": w, "macro_f1": news_cv["means"][w], "se": news_cv["ses"][w]}
    blended = blend_probs(news_cv["probs"], LABELS, news_cv["lex"], w)
    news_res["shipped_report"] = classification_report(news_cv["y"], labels_of(blended), output_dict=True,
                                                       zero_division=0)
    news_res["calibration"] = {"model_alone": _calibration(news_cv["y"], news_cv["probs"]),
                               "shipped_blend": _calibration(news_cv["y"], blended)}
    news_res["macro_f1_by_lexicon_weight"] = news_cv["means"]
    res["news"] = news_res

    news_model = build_model("news", seed=seed).fit(news_cv["X"], news_cv["y"])
    posts_cv = cv_posts(news_model, folds, seed)
    ya = posts_cv["y"]
    post_res: dict[str, Any] = {"data": "UTS2017 bank posts (GPL-3.0)", "records": len(ya),
                                "labels": dict(Counter(ya))}
    post_res.update(_baselines(posts_cv["X"], ya, cv))
    alone = labels_of(posts_cv["post_only"])
    post_res["post_model_alone"] = round(f1_score(ya, alone, average="macro"), 4)
    post_res["post_model_alone_pos_neg_f1"] = round(f1_score(ya, alone, average="macro",
                                                             labels=["negative", "positive"]), 4)
    w = one_se_weight(posts_cv["means"], posts_cv["ses"])
    blended = blend_probs(posts_cv["probs"], LABELS, posts_cv["lex"], w)
    lab = labels_of(blended)
    post_res["lexicon_alone"] = posts_cv["means"][1.0]
    post_res["shipped_blend"] = {"lexicon_weight": w, "macro_f1": posts_cv["means"][w],
                                 "se": posts_cv["ses"][w],
                                 "pos_neg_f1": round(f1_score(ya, lab, average="macro",
                                                              labels=["negative", "positive"]), 4)}
    post_res["calibration"] = {"post_model_alone": _calibration(ya, posts_cv["post_only"]),
                               "shipped_blend": _calibration(ya, blended)}
    post_res["macro_f1_by_lexicon_weight"] = posts_cv["means"]
    res["posts"] = post_res
    res["seconds"] = round(time.perf_counter() - t, 1)
    return res


def evaluate_sentiment_world(world_dir: Path) -> dict[str, Any]:
    """Sentiment against a sandbox world's truth without Neo4j: each article's headline + lead (what the NLP
    stage passes, domain "news") and each labelled post's text (domain "posts"), macro-F1 and confusion
    (rows: truth negative/neutral/positive). A measure only: nothing is ever trained on sandbox text."""
    from sklearn.metrics import confusion_matrix

    from nlp.sentiment import predict, prepare

    arts = {a["id"]: a for a in _read_jsonl(world_dir / "articles" / "articles.jsonl")}
    truth = [t for t in _read_jsonl(world_dir / "truth" / "articles.jsonl") if t["id"] in arts]
    posts: dict[str, str] = {}
    for rec in _read_jsonl(world_dir / "social" / "export.jsonl"):
        if rec.get("type") == "post":
            posts[f"{rec['platform']}:{rec['post_id']}"] = rec.get("text") or ""
    ptruth = [t for t in _read_jsonl(world_dir / "truth" / "posts.jsonl") if t["id"] in posts]
    t0 = time.perf_counter()
    a_pred = [o["label"] for o in predict([prepare(arts[t["id"]].get("title"), arts[t["id"]].get("lead"))
                                           for t in truth], domain="news")]
    p_pred = [o["label"] for o in predict([posts[t["id"]] for t in ptruth], domain="posts")]
    secs = time.perf_counter() - t0
    out: dict[str, Any] = {"world": str(world_dir), "seconds": round(secs, 2)}
    for name, gold, pred in (("articles", [t["sentiment"] for t in truth], a_pred),
                             ("posts", [t["sentiment"] for t in ptruth], p_pred)):
        out[name] = {"n": len(gold), "macro_f1": round(f1_score(gold, pred, average="macro"), 4),
                     "confusion": confusion_matrix(gold, pred, labels=list(LABELS)).tolist()}
    return out


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
    if what == "sentiment-world":
        if len(args) < 2:
            print("usage: python -m nlp.evaluate sentiment-world WORLD_DIR [WORLD_DIR ...]", file=sys.stderr)
            return 2
        for w in args[1:]:
            print(json.dumps(evaluate_sentiment_world(Path(w)), ensure_ascii=False, default=str))
        return 0
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
        print("usage: python -m nlp.evaluate sentiment|sentiment-world DIR..|topics|relevance|entities|"
              "entities-heldout|sandbox DIR",
              file=sys.stderr)
        return 2
    print(json.dumps(fn(), ensure_ascii=False, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
