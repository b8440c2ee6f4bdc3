"""The one text fingerprint of the project: the only place that turns text into a fingerprint.

Computed once at ingest (articles in ``etl/pipelines.py``, posts in ``etl/social_import.py``) and stored on the
item as its ``fingerprint`` property; dedupe, copy detection, story grouping and coordination compare stored
fingerprints with :mod:`graph.analytics.lsh` and never look at the text again. The NLP stage fills it in, with
this same function, only for items that have none (data loaded before it existed).

* **Normalisation** (:func:`normalise`): NFC with the project's tone-placement convention
  (:func:`nlp.normalize.nfc`: "Hoà/thuỷ" → "Hòa/thủy"), lower case, every run of punctuation, symbols and
  white space collapsed to one space. Quotes, "!!!", emoji and line breaks therefore change nothing.
* **Signature**: one-permutation MinHash (Li, Owen & Zhang 2012, densified by rotation) over every
  ``SHINGLE``-byte window of the normalised UTF-8 text (about 3–6 Vietnamese letters), in one vectorised numpy
  pass; ``NUM_SLOTS`` = 64 slots of 16 bits = 128 bytes. The share of equal slots estimates the Jaccard
  similarity of the two shingle sets. Measured on 400 Dân trí texts (``bench/bench_fingerprint.py``):
  copies with a prefix ("Copy: ", "Nghe nói …"), in quotes, or with one word changed score ≈ 0.9–0.97,
  unrelated texts ≈ 0.01 (max ≈ 0.15).
* **Stored form: a lower-case hex string** (``2 × 128`` = 256 characters), not a byte array: rows travel as
  JSON (the crawler's spool, JSONL exports, the API), and a string survives all of them unchanged. A text with
  fewer than ``MIN_CHARS`` normalised characters (a stock comment such as "Tin chính thức đây", an empty
  share) gets the empty string ``""``: computed, but nothing to call a copy. ``None`` on an item therefore
  means only "not computed yet".
* :func:`content_hash`: SHA-256 of the same normalised text (exact duplicates; evidence).

Articles are fingerprinted over title, lead and body together (``fingerprint(title, lead, text)``), posts over
their text. (The comparison side lives in :mod:`graph.analytics.lsh`; the examples borrow its ``similarity``.)

>>> from graph.analytics.lsh import similarity
>>> a = fingerprint("Hoà Bình: mưa lớn, thuỷ điện xả lũ; người dân vùng hạ du cần chú ý an toàn")
>>> b = fingerprint("Hòa Bình: mưa lớn, thủy điện xả lũ; người dân vùng hạ du cần chú ý an toàn")
>>> a == b, len(a), similarity(a, b)
(True, 256, 1.0)
>>> content_hash("Hoà Bình, thuỷ điện") == content_hash("HÒA BÌNH  thủy điện!")
True
>>> text = "Cảnh báo: chiều nay có xe cứu thương lạ bắt trẻ con ở xã Thanh Ba, phụ huynh trông con cẩn thận"
>>> similarity(fingerprint(text), fingerprint("Nghe nói " + text + " 😱")) >= 0.8
True
>>> similarity(fingerprint(text), fingerprint("UBND tỉnh Phú Thọ họp bàn kế hoạch đầu tư công năm 2026")) < 0.2
True
>>> fingerprint("Tin chính thức đây"), fingerprint(None)
('', '')
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from nlp.normalize import nfc

#: Identifies the scheme (normalisation, shingles, slots); part of the NLP stage's version.
SCHEME = "oph64x16-b8-nfc-tone-v1"
NUM_SLOTS = 64
SHINGLE = 8
#: Normalised texts shorter than this get the empty fingerprint: too short to call anything a copy of it.
MIN_CHARS = 40
HEX_CHARS = NUM_SLOTS * 2 * 2

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)
_EMPTY32 = np.uint32(0xFFFFFFFF)
_SLOT_IDS = np.arange(NUM_SLOTS)
_SLOT_SHIFT = np.uint64(64 - 6)  # the top 6 bits of a shingle hash choose one of the 64 slots
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
_HEX = re.compile(rf"[0-9a-f]{{{HEX_CHARS}}}")


def normalise(*parts: str | None) -> str:
    """The text a fingerprint is made of: the parts joined, NFC + tone convention, lower case, punctuation
    and white-space runs collapsed to one space.

    >>> normalise("  Tin  NÓNG:\\tlũ quét ", "ở Hoà Bình!")
    'tin nóng lũ quét ở hòa bình'
    """
    text = " ".join(p for p in parts if p)
    return _PUNCT.sub(" ", nfc(text).lower()).strip()


def _shingle_hashes(data: bytes) -> np.ndarray:
    """A 64-bit mixed hash of every ``SHINGLE``-byte window, read as little-endian words in one pass."""
    if len(data) < SHINGLE:
        data = data.ljust(SHINGLE, b"\0")
    n = len(data) - SHINGLE + 1
    w = np.ndarray((n,), dtype="<u8", buffer=data, strides=(1,)).astype(np.uint64)
    with np.errstate(over="ignore"):
        h = w * _M1
        h ^= h >> np.uint64(29)
        h *= _M2
        h ^= h >> np.uint64(32)
    return h


def signature(*parts: str | None, min_chars: int = MIN_CHARS) -> bytes | None:
    """The raw signature (``NUM_SLOTS`` little-endian uint16, 128 bytes) of the parts' normalised text, or
    None when it has fewer than ``min_chars`` characters."""
    norm = normalise(*parts)
    if not norm or len(norm) < min_chars:
        return None
    h = _shingle_hashes(norm.encode("utf-8"))
    sig = np.full(NUM_SLOTS, _EMPTY32, dtype=np.uint32)
    np.minimum.at(sig, (h >> _SLOT_SHIFT).astype(np.intp), (h & np.uint64(0xFFFFFFFE)).astype(np.uint32))
    empty = sig == _EMPTY32
    if empty.any():  # rotation densification: borrow the next non-empty slot to the right, marked by distance
        full = np.flatnonzero(~empty)
        pos = np.searchsorted(full, _SLOT_IDS[empty])
        src = np.where(pos < full.size, full[pos % full.size], full[0])
        dist = (src - _SLOT_IDS[empty]) % NUM_SLOTS
        sig[empty] = (sig[src].astype(np.uint64) ^ (dist.astype(np.uint64) * np.uint64(0x9E3779B1))).astype(
            np.uint32) | np.uint32(1)
    return ((sig ^ (sig >> np.uint32(16))) & np.uint32(0xFFFF)).astype("<u2").tobytes()


def fingerprint(*parts: str | None, min_chars: int = MIN_CHARS) -> str:
    """The stored fingerprint of the parts' text: 256 hex characters, or ``""`` when it is too short."""
    sig = signature(*parts, min_chars=min_chars)
    return sig.hex() if sig is not None else ""


def is_current(value: Any) -> bool:
    """Whether ``value`` is a fingerprint of this scheme (``""`` included): anything else must be recomputed.

    >>> is_current(""), is_current(fingerprint("x" * 50)), is_current(None), is_current("ab" * 512)
    (True, True, False, False)
    """
    return isinstance(value, str) and (value == "" or _HEX.fullmatch(value) is not None)


def content_hash(*parts: str | None) -> str | None:
    """SHA-256 (hex) of the parts' normalised text, or None when there is no text: the same content at two
    URLs, in either tone convention, case or spacing, hashes the same."""
    norm = normalise(*parts)
    if not norm:
        return None
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def fingerprinted(rec: Mapping[str, Any], *, text_key: str = "text") -> dict[str, Any]:
    """A copy of ``rec`` with ``fingerprint`` made from its ``text_key`` field, unless it already has a current
    one: for offline exports and benchmarks that hand records to the pure analyses.

    >>> [len(fingerprinted(r)["fingerprint"]) for r in ({"id": 1, "text": "Lũ quét " * 9}, {"id": 2})]
    [256, 0]
    """
    out = dict(rec)
    if not is_current(out.get("fingerprint")):
        out["fingerprint"] = fingerprint(out.get(text_key))
    return out
