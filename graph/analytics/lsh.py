"""Comparing stored text fingerprints: similarity, LSH band keys and an incremental LSH index.

Fingerprints are made by :mod:`nlp.fingerprint` (the only place that reads text) and stored on every item; this
module only compares them and never looks at text. To it a fingerprint is opaque: a sequence of 16-bit
MinHash slots, given as bytes or as the stored hex string (``""``/None: nothing to compare). The share of equal
slots estimates the Jaccard similarity of the two texts' shingle sets; ``BANDS`` bands of equal slots make the
LSH candidates (two fingerprints sharing any band key).

>>> a = bytes(range(128))
>>> b = a[:120] + bytes(8)            # the last 4 of 64 slots differ
>>> similarity(a, b), similarity(a.hex(), b), similarity(a, ""), similarity(a, None)
(0.9375, 0.9375, 0.0, 0.0)
>>> idx = LshIndex()
>>> idx.add("p1", a)
>>> idx.add("p2", bytes(range(128, 256)))
>>> idx.query(b, threshold=0.6)
[('p1', 0.9375)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np

from common.errors import ValidationError

BANDS = 16
_BAND_SALT = (np.arange(BANDS, dtype=np.uint64) + np.uint64(1)) * np.uint64(0xD6E8FEB86659FD93)
_MIX = np.uint64(0x9E3779B97F4A7C15)

Fingerprint = bytes | bytearray | memoryview | str | None


def as_bytes(fp: Any) -> bytes | None:
    """The raw bytes of a fingerprint given as bytes or as its stored hex string; None for ``""``/None.

    >>> as_bytes("00ff" * 64)[:2], as_bytes(""), as_bytes(None)
    (b'\\x00\\xff', None, None)
    """
    if fp is None or (isinstance(fp, str | bytes | bytearray | memoryview) and len(fp) == 0):
        return None
    if isinstance(fp, str):
        try:
            raw = bytes.fromhex(fp)
        except ValueError:
            raise ValidationError("fingerprint: not a hex string") from None
    elif isinstance(fp, bytes | bytearray | memoryview):
        raw = bytes(fp)
    else:
        raise ValidationError(f"fingerprint: expected hex text or bytes, got {type(fp).__name__}")
    if len(raw) % (8 * BANDS):
        raise ValidationError(f"fingerprint: {len(raw)} bytes is not a multiple of {8 * BANDS}")
    return raw


def _slots(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<u2")


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of two fingerprints: the share of equal slots (0.0 when either is empty
    or they come from different schemes, i.e. have different lengths)."""
    ra, rb = as_bytes(a), as_bytes(b)
    if ra is None or rb is None or len(ra) != len(rb):
        return 0.0
    return float(np.count_nonzero(_slots(ra) == _slots(rb))) / (len(ra) // 2)


def band_keys(fp: Fingerprint) -> list[int]:
    """LSH band keys, one 64-bit int per band (for 64 slots: 4 slots a band; two texts share a key with
    ≈ 50 % chance at Jaccard 0.5, ≈ 99 % at 0.8). Empty for an empty fingerprint."""
    raw = as_bytes(fp)
    if raw is None:
        return []
    words = np.frombuffer(raw, dtype="<u8").astype(np.uint64).reshape(BANDS, -1)
    keys = words[:, 0] ^ _BAND_SALT
    with np.errstate(over="ignore"):
        for col in range(1, words.shape[1]):
            keys = (keys * _MIX) ^ words[:, col]
    return keys.tolist()


class LshIndex:
    """Incremental LSH index: ``add(key, fp)`` then ``query(fp, threshold=…)`` → the near-duplicates.

    ``max_bucket`` caps a band bucket: a bucket that full holds boilerplate, later entries add nothing.
    """

    def __init__(self, max_bucket: int = 200) -> None:
        self._buckets: dict[int, list[Hashable]] = defaultdict(list)
        self._sigs: dict[Hashable, np.ndarray] = {}
        self._max_bucket = max_bucket

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._sigs

    def add(self, key: Hashable, fp: Fingerprint, bands: list[int] | None = None) -> None:
        """Index ``fp`` under ``key`` (``bands``: its :func:`band_keys`, if already computed); an empty
        fingerprint is not indexed, a key already indexed keeps its first fingerprint."""
        raw = as_bytes(fp)
        if raw is None or key in self._sigs:
            return
        self._sigs[key] = _slots(raw)
        for bk in bands if bands is not None else band_keys(raw):
            bucket = self._buckets[bk]
            if len(bucket) < self._max_bucket:
                bucket.append(key)

    def candidates(self, fp: Fingerprint, bands: list[int] | None = None) -> Iterable[Hashable]:
        """Keys sharing at least one band with ``fp`` (in insertion order per band)."""
        raw = as_bytes(fp)
        if raw is None:
            return ()
        seen: dict[Hashable, None] = {}
        for bk in bands if bands is not None else band_keys(raw):
            for key in self._buckets.get(bk, ()):
                seen[key] = None
        return seen.keys()

    def query(
        self, fp: Fingerprint, *, threshold: float, bands: list[int] | None = None
    ) -> list[tuple[Hashable, float]]:
        """Candidates with estimated similarity ≥ ``threshold``, most similar first (ties: insertion order)."""
        raw = as_bytes(fp)
        keys = [k for k in self.candidates(raw, bands) if len(self._sigs[k]) * 2 == len(raw or b"")]
        if raw is None or not keys:
            return []
        mat = np.stack([self._sigs[k] for k in keys])
        sims = (mat == _slots(raw)).sum(axis=1) / mat.shape[1]
        out = [(k, float(s)) for k, s in zip(keys, sims.tolist(), strict=True) if s >= threshold]
        out.sort(key=lambda ks: -ks[1])
        return out
