"""How well the one text fingerprint (nlp.fingerprint) tells copies from unrelated texts, and how fast it is.

Texts: Dân trí articles from the evaluation data (``--eval-dir``, default ../shared/eval-data). For each article a
post-sized text (its first sentences, ≤ 220 characters) is copied the ways copies circulate — a prefix ("Copy: ",
"Nghe nói …") and a suffix, in quotes after a comment, with one word changed, in the old tone spelling and upper
case — and the whole article is copied as a content farm does (title prefix, one paragraph dropped, credit line).
Printed: mean similarity and the share at ≥ 0.6 (the copy threshold) per kind; for unrelated pairs the mean, the
maximum and the share at ≥ 0.3; then fingerprints per second.

    .venv/bin/python bench/bench_fingerprint.py [--n 400]
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

import numpy as np

from graph.analytics.lsh import similarity
from nlp.fingerprint import fingerprint

_OLD = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ",
        "ụy": "uỵ", "òe": "oè", "óe": "oé"}


def old_tone(text: str) -> str:
    for new, old in _OLD.items():
        text = re.sub(new + r"(?!\w)", old, text)
    return text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--eval-dir", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "eval-data")
    ap.add_argument("--n", type=int, default=400)
    args = ap.parse_args()
    docs = []
    for f in sorted((args.eval_dir / "news-corpus-dantri" / "docs").glob("*.txt")):
        lines = [x.strip() for x in f.read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")]
        if len(lines) > 5:
            docs.append(lines)
    rng = random.Random(7)
    rng.shuffle(docs)
    docs = docs[: args.n]
    words = [w for d in docs for w in " ".join(d).split()][:20000]
    pairs: dict[str, list[tuple[str, str]]] = {k: [] for k in (
        "prefix", "quote", "changed_word", "tone_case", "article_copy", "unrelated_post", "unrelated_article")}
    for j, d in enumerate(docs):
        post = " ".join(d[1:3])[:220]
        ws = post.split()
        i = rng.randrange(len(ws))
        pairs["prefix"].append((post, rng.choice(["Copy: ", "Nghe nói ", "Sưu tầm: "]) + post + rng.choice([" 😱", "!!!", ""])))
        pairs["quote"].append((post, rng.choice(["Trời ơi sợ quá: ", "Mọi người đọc đi ", ""]) + "“" + post + "”"))
        pairs["changed_word"].append((post, " ".join(ws[:i] + [rng.choice(words)] + ws[i + 1:])))
        pairs["tone_case"].append((post, old_tone(post).upper()))
        paras = list(d[1:])
        if len(paras) > 4:
            del paras[rng.randrange(1, len(paras) - 1)]
        pairs["article_copy"].append(("\n".join(d), "\n".join(["NÓNG: " + d[0], *paras, "Theo Dân trí"])))
        other = docs[(j + 1) % len(docs)]
        pairs["unrelated_post"].append((post, " ".join(other[1:3])[:220]))
        pairs["unrelated_article"].append(("\n".join(d), "\n".join(other)))
    print(f"{len(docs)} Dân trí articles; fingerprint = nlp.fingerprint, compared with graph.analytics.lsh.similarity")
    for kind, ps in pairs.items():
        s = np.array([similarity(fingerprint(a), fingerprint(b)) for a, b in ps])
        if kind.startswith("unrelated"):
            print(f"  {kind:<18} mean {s.mean():.3f}  max {s.max():.2f}  share ≥ 0.3 {np.mean(s >= 0.3):.3f}")
        else:
            print(f"  {kind:<18} mean {s.mean():.3f}  share ≥ 0.6 {np.mean(s >= 0.6):.3f}  min {s.min():.2f}")
    texts = ["\n".join(d) for d in docs]
    t = time.perf_counter()
    for x in texts:
        fingerprint(x)
    dt = time.perf_counter() - t
    chars = sum(map(len, texts))
    print(f"  speed: {len(texts) / dt:,.0f} articles/s ({chars / dt / 1e6:.1f} M characters/s, mean {chars // len(texts):,} chars)")


if __name__ == "__main__":
    main()
