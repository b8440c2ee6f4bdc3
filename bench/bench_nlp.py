"""Throughput of the whole NLP pipeline (normalise → tokenise+NER → rules → relevance → sentiment → topics)
on the Dân trí corpus, with and without multiprocessing, and peak memory. Prints figures; asserts nothing.

Run: ``.venv/bin/python bench/bench_nlp.py [--docs 150] [--modes ner,syllable] [--procs 1,2] [--crf fast,underthesea]``

``--crf underthesea`` runs the same pipeline with ``underthesea.ner`` itself instead of :mod:`nlp.ut_crf` (same
output, the old speed), so before/after figures come from one run under the same load; every row carries the
1-minute load average at its start and end (the machine is shared: compare rows of one run only).
"""

from __future__ import annotations

import argparse
import json
import os
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


def _use_crf(impl: str) -> None:
    """Point the tokenizer at underthesea's own ``ner`` or at the fast one (workers fork after this)."""
    import underthesea

    import nlp.ut_crf as ut_crf

    if not hasattr(ut_crf, "_fast_ner"):
        ut_crf._fast_ner = ut_crf.ner  # type: ignore[attr-defined]
    ut_crf.ner = underthesea.ner if impl == "underthesea" else ut_crf._fast_ner  # type: ignore[attr-defined]
    ut_crf._ner_cached.cache_clear()  # no run profits from sentences a previous run saw


def run(n_docs: int, mode: str, n_process: int, crf: str = "fast") -> dict[str, object]:
    _use_crf(crf)
    load0 = os.getloadavg()[0]
    docs = list(dantri_docs().items())[:n_docs]
    recs = [{"id": k, "text": d["text"]} for k, d in docs]
    sentences = sum(len(split_sentences(nfc(r["text"]))) for r in recs)
    chars = sum(len(r["text"]) for r in recs)
    # warm-up (loads underthesea models, gazetteer, sentiment model) outside the timing
    list(annotate_records([{"id": "w", "text": "Khởi động xã Tam Nông."}], mode=mode))
    t0, c0 = time.perf_counter(), time.process_time()
    n_ents = 0
    for out in annotate_records(recs, mode=mode, n_process=n_process, batch_size=16):
        n_ents += len(out.get("entities", []))
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0  # the main process only: with 1 process, a figure the load barely moves
    own, kids = _peak_mb()
    return {"mode": mode, "crf": crf, "n_process": n_process, "docs": len(recs), "sentences": sentences, "chars": chars,
            "seconds": round(secs, 1), "sentences_per_s": round(sentences / secs, 1),
            "docs_per_s": round(len(recs) / secs, 2),
            "sentences_per_cpu_s_main": round(sentences / cpu, 1),
            "entities": n_ents,
            "peak_rss_mb_main": own, "peak_rss_mb_children": kids,
            "load_1min": [round(load0, 2), round(os.getloadavg()[0], 2)]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=150)
    ap.add_argument("--modes", default="ner,syllable")
    ap.add_argument("--procs", default="1,2")
    ap.add_argument("--crf", default="fast", help="comma list of: fast (nlp.ut_crf), underthesea (its own ner)")
    a = ap.parse_args()
    for crf in a.crf.split(","):
        for mode in a.modes.split(","):
            if mode != "ner" and crf != a.crf.split(",")[0]:
                continue  # only the "ner" mode calls the CRF
            for p in (int(x) for x in a.procs.split(",")):
                print(json.dumps(run(a.docs, mode, p, crf), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
