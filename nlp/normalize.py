"""Text normalisation with an offset map back to the original text.

One convention everywhere before matching: NFC, tone mark on the first vowel of open "oa/oe/uy"
syllables ("hoà" -> "hòa", "thuỷ" -> "thủy", "Uỷ ban" -> "Ủy ban", as underthesea outputs), HTML tags and
zero-width characters removed, HTML entities decoded, whitespace runs collapsed (a run holding a newline
becomes one newline, any other run one space). The original text is kept and every normalised span maps
back to a span of the original (``Normalized.to_original``), so entities report offsets into the input,
including NFD input.

>>> n = normalize("Hoa\u0300  Bi\u0300nh <b>thuỷ</b>")
>>> n.text
'Hòa Bình thủy '
>>> s, e = n.to_original(0, 3)
>>> n.original[s:e] == "Hoa\u0300"
True
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field

_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng


def _tone_table() -> dict[str, str]:
    """Map old-style 'oà/oè/uỳ' pairs (tone on the 2nd vowel) to 'òa/òe/ùy' (tone on the 1st)."""
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            for f, s in ((first, second), (first.upper(), second), (first.upper(), second.upper())):
                old = f + unicodedata.normalize("NFC", s + tone)
                new = unicodedata.normalize("NFC", f + tone) + s
                table[old] = new
    return table


_TONE_TABLE = _tone_table()
# Open syllable only (no letter after the pair) and not "qu" (in "quý" the u is part of the consonant).
_TONE_RE = re.compile(
    r"(?<![qQ])(" + "|".join(sorted(map(re.escape, _TONE_TABLE), key=len, reverse=True))
    + r")(?![\w\u0300-\u036f])"  # a following combining mark means the syllable is not a plain open one
)

# What normalisation rewrites; everything else is copied one to one.
_SPECIAL_RE = re.compile(
    r"(?P<tag><(?:[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>]{0,400})?|/[A-Za-z][A-Za-z0-9]{0,15}\s*|!--.{0,2000}?--)>)"
    r"|(?P<ent>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<ws>[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+)"
    r"|(?P<cluster>.[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+)",
    re.DOTALL,
)
_BLOCK_TAGS = re.compile(r"</?(p|div|br|li|h[1-6]|tr|td|section|article|title)\b", re.IGNORECASE)


def fix_tone_placement(text: str) -> str:
    """Move the tone mark of open 'oa/oe/uy' syllables to the first vowel (length-preserving, NFC in/out).

    >>> fix_tone_placement("Hoà Bình, thuỷ lợi, Uỷ ban, quý, hoàng")
    'Hòa Bình, thủy lợi, Ủy ban, quý, hoàng'
    """
    return _TONE_RE.sub(lambda m: _TONE_TABLE[m.group(1)], text)


def nfc(text: str) -> str:
    """NFC plus the tone convention, without the offset map (for dictionary keys and lexicons)."""
    return fix_tone_placement(unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class Normalized:
    """Normalised text, the original, and the piecewise map between them.

    ``_norm_starts[i]``/``_orig_starts[i]`` open piece ``i``; ``_identity[i]`` tells whether the piece
    was copied character by character (offsets inside map linearly) or rewritten as a whole.
    """

    text: str
    original: str
    _norm_starts: list[int] = field(repr=False)
    _orig_starts: list[int] = field(repr=False)
    _identity: list[bool] = field(repr=False)

    def _orig_at(self, i: int, *, end: bool) -> int:
        if i <= 0:
            return 0
        if i >= len(self.text):
            return len(self.original) if end else self._orig_at(len(self.text) - 1, end=False)
        k = bisect_right(self._norm_starts, i) - 1
        if self._identity[k]:
            return self._orig_starts[k] + (i - self._norm_starts[k])
        if i == self._norm_starts[k]:
            return self._orig_starts[k]
        # inside a rewritten piece: an end snaps to the piece end, a start to the piece start
        if end:
            return self._orig_starts[k + 1] if k + 1 < len(self._orig_starts) else len(self.original)
        return self._orig_starts[k]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span [start, end) of ``text`` to the span of ``original`` it came from."""
        if end <= start:
            s = self._orig_at(start, end=False)
            return s, s
        s = self._orig_at(start, end=False)
        # the end is the end of the last character's piece
        last = end - 1
        k = bisect_right(self._norm_starts, last) - 1
        if self._identity[k]:
            e = self._orig_starts[k] + (last - self._norm_starts[k]) + 1
        else:
            e = self._orig_starts[k + 1] if k + 1 < len(self._orig_starts) else len(self.original)
        return s, e


def _replacement(m: re.Match[str]) -> str:
    kind = m.lastgroup
    raw = m.group(0)
    if kind == "tag":
        return "\n" if _BLOCK_TAGS.match(raw) else " "
    if kind == "ent":
        out = html.unescape(raw)
        return " " if out.isspace() else unicodedata.normalize("NFC", out)
    if kind == "ws":
        if "\n" in raw or "\r" in raw or "\u2029" in raw:
            return "\n"
        if all(c in "\u200b\u200c\u200d\u2060\ufeff\u00ad" for c in raw):
            return ""
        return " "
    return unicodedata.normalize("NFC", raw)


def normalize(text: str) -> Normalized:
    """Normalise ``text`` (see module doc); never raises on str input.

    >>> normalize("  a\\n\\n b ").text
    ' a\\nb '
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize() needs str, got {type(text).__name__}")
    parts: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    identity: list[bool] = []
    npos = 0
    opos = 0

    def copy(upto: int) -> None:
        nonlocal npos, opos
        if upto <= opos:
            return
        seg = text[opos:upto]
        if not unicodedata.is_normalized("NFC", seg):
            # rare singletons (e.g. U+212B): per character, rewritten pieces
            for ch in seg:
                out = unicodedata.normalize("NFC", ch)
                norm_starts.append(npos)
                orig_starts.append(opos)
                identity.append(out == ch)
                parts.append(out)
                npos += len(out)
                opos += 1
            return
        norm_starts.append(npos)
        orig_starts.append(opos)
        identity.append(True)
        parts.append(seg)
        npos += len(seg)
        opos = upto

    def last_piece() -> int:
        """Index of the last non-empty piece (-1 when none)."""
        k = len(parts) - 1
        while k >= 0 and not parts[k]:
            k -= 1
        return k

    for m in _SPECIAL_RE.finditer(text):
        raw = m.group(0)
        k = last_piece()
        # white space already emitted just before this match (e.g. a tag or an entity that became a space)
        after_ws = opos == m.start() and k >= 0 and parts[k].endswith((" ", "\n"))
        if m.lastgroup == "ws" and raw == " " and not after_ws:
            continue  # already normal
        copy(m.start())
        k = last_piece()
        prev_ws = k >= 0 and parts[k].endswith((" ", "\n"))
        out = _replacement(m)
        if out == raw and not (out in (" ", "\n") and prev_ws):
            continue  # copied later with the surrounding text
        start = m.start()
        if out in (" ", "\n") and prev_ws:
            if out == "\n" and parts[k].endswith(" "):
                # one run of white space holding a newline is one newline: fold the space before it in
                last = parts[k]
                parts[k] = last[:-1]
                npos -= 1
                if k != len(parts) - 1:  # only empty pieces follow: they now start one earlier
                    for j in range(k + 1, len(parts)):
                        norm_starts[j] -= 1
                start = orig_starts[k] + len(last) - 1 if identity[k] else orig_starts[k]
            else:
                out = ""
        norm_starts.append(npos)
        orig_starts.append(start)
        identity.append(False)
        parts.append(out)
        npos += len(out)
        opos = m.end()
    copy(len(text))
    joined = "".join(parts)
    if len(joined) != npos:  # pragma: no cover - internal invariant
        raise AssertionError("offset map out of step")
    # drop empty pieces so bisect lands on real characters
    ns, os_, ids = [], [], []
    for a, b, c, p in zip(norm_starts, orig_starts, identity, parts, strict=True):
        if p:
            ns.append(a)
            os_.append(b)
            ids.append(c)
    if not ns:
        ns, os_, ids = [0], [0], [True]
    return Normalized(fix_tone_placement(joined), text, ns, os_, ids)
