"""Throughput of the whole NLP pipeline (normalise → tokenise+NER → rules → relevance → sentiment → topics)
on the Dân trí corpus, with and without multiprocessing, and peak memory. Prints figures; asserts nothing.

Run: ``.venv/bin/python bench/bench_nlp.py [--docs 150] [--modes ner,syllable] [--procs 1,2]``
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from nlp.annotate import annotate_records
from nlp.evaluate import dantri_docs
from nlp.normalize import nfc
from nlp.tokenizer import split_sentences


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(own, 1), round(kids, 1)


def run(n_docs: int, mode: str, n_process: int) -> dict[str, object]:
    docs = list(dantri_docs().items())[:n_docs]
    recs = [{"id": k, "text": d["text"]} for k, d in docs]
    sentences = sum(len(split_sentences(nfc(r["text"]))) for r in recs)
    chars = sum(len(r["text"]) for r in recs)
    # warm-up (loads underthesea models, gazetteer, sentiment model) outside the timing
    list(annotate_records([{"id": "w", "text": "Khởi động xã Tam Nông."}], mode=mode))
    t0 = time.perf_counter()
    n_ents = 0
    for out in annotate_records(recs, mode=mode, n_process=n_process, batch_size=16):
        n_ents += len(out.get("entities", []))
    secs = time.perf_counter() - t0
    own, kids = _peak_mb()
    return {"mode": mode, "n_process": n_process, "docs": len(recs), "sentences": sentences, "chars": chars,
            "seconds": round(secs, 1), "sentences_per_s": round(sentences / secs, 1),
            "docs_per_s": round(len(recs) / secs, 2), "entities": n_ents,
            "peak_rss_mb_main": own, "peak_rss_mb_children": kids}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=150)
    ap.add_argument("--modes", default="ner,syllable")
    ap.add_argument("--procs", default="1,2")
    a = ap.parse_args()
    for mode in a.modes.split(","):
        for p in (int(x) for x in a.procs.split(",")):
            print(json.dumps(run(a.docs, mode, p), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
