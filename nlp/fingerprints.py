"""Near-duplicate fingerprints: MinHash over syllable shingles + LSH banding (pure numpy).

* ``minhash(text)`` -> uint32 signature (``num_perm`` values) of the normalised, lower-cased
  syllable k-shingles (default k=3); hashing is deterministic (blake2b + fixed-seed permutations).
* ``similarity(a, b)`` estimates Jaccard similarity from two signatures; ``jaccard(text_a, text_b)``
  is the exact value for checking.
* ``group(items, threshold)`` puts items whose estimated similarity reaches ``threshold`` in one
  group (LSH candidates, verified on signatures, union-find) — stories / copies across outlets.

>>> a = "Phú Thọ khởi công cầu Phong Châu mới, tổng vốn hơn 500 tỷ đồng, dự kiến hoàn thành năm 2026"
>>> b = "Phú Thọ khởi công cầu Phong Châu mới, tổng vốn hơn 500 tỷ đồng, dự kiến xong năm 2026"
>>> similarity(minhash(a), minhash(b)) > 0.5
True
>>> group([("1", a), ("2", b), ("3", "Giá vàng hôm nay giảm mạnh")], threshold=0.5)
[['1', '2'], ['3']]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from nlp.normalize import nfc

NUM_PERM = 128
SHINGLE = 3
_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4)
def _perms(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, (1 << 61) - 1, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, (1 << 61) - 1, size=num_perm, dtype=np.uint64)
    return a, b


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """Lower-cased syllable k-shingles of normalised text (whole text if shorter than k)."""
    words = _WORD.findall(nfc(text or "").lower())
    if not words:
        return set()
    if len(words) < k:
        return {" ".join(words)}
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def _hashes(sh: Iterable[str]) -> np.ndarray:
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest(), "little") for s in sh),
        dtype=np.uint64,
    )


def minhash(text: str, num_perm: int = NUM_PERM, k: int = SHINGLE, seed: int = 1) -> np.ndarray:
    """MinHash signature (uint32[num_perm]); an empty text gives all-max values (similar to nothing)."""
    sh = shingles(text, k)
    if not sh:
        return np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    h = _hashes(sh)
    a, b = _perms(num_perm, seed)
    out = np.full(num_perm, _MAX32, dtype=np.uint64)
    # chunk to bound memory on very long texts
    for i in range(0, len(h), 4096):
        chunk = h[i:i + 4096][:, None]
        with np.errstate(over="ignore"):
            v = ((chunk * a[None, :] + b[None, :]) % _MERSENNE) & _MAX32
        out = np.minimum(out, v.min(axis=0))
    return out.astype(np.uint32)


def similarity(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (0.0 if either text was empty)."""
    if sig_a.shape != sig_b.shape:
        raise ValueError("signatures of different lengths")
    if np.all(sig_a == 0xFFFFFFFF) or np.all(sig_b == 0xFFFFFFFF):
        return 0.0
    return float(np.mean(sig_a == sig_b))


def jaccard(text_a: str, text_b: str, k: int = SHINGLE) -> float:
    """Exact Jaccard similarity of shingle sets."""
    a, b = shingles(text_a, k), shingles(text_b, k)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def to_hex(sig: np.ndarray) -> str:
    """Compact storable form of a signature."""
    return sig.astype(">u4").tobytes().hex()


def from_hex(s: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(s), dtype=">u4").astype(np.uint32)


def _bands_for(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) whose S-curve midpoint (1/b)^(1/r) is closest below ``threshold``."""
    best = (num_perm, 1)
    best_err = float("inf")
    for r in range(1, num_perm + 1):
        if num_perm % r:
            continue
        b = num_perm // r
        mid = (1 / b) ** (1 / r)
        err = abs(mid - threshold * 0.85)
        if err < best_err:
            best, best_err = (b, r), err
    return best


def group(items: Iterable[tuple[str, str]] | Iterable[tuple[str, np.ndarray]], threshold: float = 0.6,
          num_perm: int = NUM_PERM) -> list[list[str]]:
    """Group ids whose texts (or signatures) are near-duplicates; groups sorted, singletons included."""
    ids: list[str] = []
    sigs: list[np.ndarray] = []
    for key, val in items:
        ids.append(key)
        sigs.append(val if isinstance(val, np.ndarray) else minhash(val, num_perm))
    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    bands, rows = _bands_for(threshold, num_perm)
    buckets: dict[tuple[int, bytes], list[int]] = {}
    for i, sig in enumerate(sigs):
        if np.all(sig == 0xFFFFFFFF):
            continue
        for bnd in range(bands):
            key = (bnd, sig[bnd * rows:(bnd + 1) * rows].tobytes())
            buckets.setdefault(key, []).append(i)
    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        first = members[0]
        for other in members[1:]:
            pair = (first, other)
            if pair in checked:
                continue
            checked.add(pair)
            if similarity(sigs[first], sigs[other]) >= threshold:
                ra, rb = find(first), find(other)
                if ra != rb:
                    parent[rb] = ra
        # also compare remaining members pairwise when the bucket is small
        if len(members) <= 20:
            for x in range(1, len(members)):
                for y in range(x + 1, len(members)):
                    a, b = members[x], members[y]
                    if (a, b) in checked:
                        continue
                    checked.add((a, b))
                    if similarity(sigs[a], sigs[b]) >= threshold:
                        ra, rb = find(a), find(b)
                        if ra != rb:
                            parent[rb] = ra
    groups: dict[int, list[str]] = {}
    for i, key in enumerate(ids):
        groups.setdefault(find(i), []).append(key)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (g[0], len(g)))
