"""Near-duplicate detection across outlets: word-shingle MinHash signatures and an LSH index.

(``nlp.fingerprints`` is the NLP side's version; this one keeps the crawler self-contained and fast.)

>>> a = signature("Sáng 3/7, UBND tỉnh Phú Thọ tổ chức hội nghị xúc tiến đầu tư với hơn 200 doanh nghiệp tham dự.")
>>> b = signature("Sáng 3/7, UBND tỉnh Phú Thọ tổ chức hội nghị xúc tiến đầu tư với hơn 200 doanh nghiệp tham dự hôm nay.")
>>> similarity(a, b) > 0.6
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict

import numpy as np

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 4
_MERSENNE = np.uint64((1 << 61) - 1)
_rng = np.random.default_rng(20250701)
_A = _rng.integers(1, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[int]:
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    if len(words) < k:
        return {int.from_bytes(hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest(), "little")} \
            if words else set()
    return {int.from_bytes(hashlib.blake2b(" ".join(words[i:i + k]).encode(), digest_size=8).digest(), "little")
            for i in range(len(words) - k + 1)}


def signature(text: str) -> np.ndarray | None:
    """MinHash signature (64 x uint64) of the text's 4-word shingles, or ``None`` for empty text."""
    sh = shingles(text)
    if not sh:
        return None
    x = np.fromiter(sh, dtype=np.uint64) & np.uint64((1 << 61) - 1)
    with np.errstate(over="ignore"):
        hashed = (np.outer(x, _A) + _B) % _MERSENNE
    return hashed.min(axis=0)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(a == b))


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<u8").astype(np.uint64)


class LshIndex:
    """Banded LSH over MinHash signatures: candidates share at least one band."""

    def __init__(self) -> None:
        self._bands: list[dict[bytes, list[str]]] = [defaultdict(list) for _ in range(BANDS)]
        self._sigs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def _keys(self, sig: np.ndarray) -> list[bytes]:
        return [sig[i * ROWS:(i + 1) * ROWS].tobytes() for i in range(BANDS)]

    def add(self, key: str, sig: np.ndarray) -> None:
        if key in self._sigs:
            return
        self._sigs[key] = sig
        for band, k in zip(self._bands, self._keys(sig), strict=True):
            band[k].append(key)

    def query(self, sig: np.ndarray, threshold: float) -> list[tuple[str, float]]:
        cands: set[str] = set()
        for band, k in zip(self._bands, self._keys(sig), strict=True):
            cands.update(band.get(k, ()))
        out = [(c, similarity(sig, self._sigs[c])) for c in cands]
        return sorted(((c, s) for c, s in out if s >= threshold), key=lambda t: -t[1])
