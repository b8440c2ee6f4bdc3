"""Denials of a circulating claim ("… là SAI SỰ THẬT", "bịa đặt", "không có chuyện …"), and the terms a claim is
compared on. Pure functions over text; which story a denial refutes is decided in casework/refutation.py.

A *cue* is a phrase that says some information is false. Strong cues say so on their own; weak ones
("bác bỏ", "đính chính", "không chính xác") count only with a word for information near them (thông tin, tin đồn,
bài viết, clip …), so "Quốc hội bác bỏ đề xuất" is not a refutation. A cue right after "không phải" or
"chưa có căn cứ để khẳng định" does not count.

>>> find_cue("Công an tỉnh Phú Thọ thông tin: bài đăng về việc bắt cóc trẻ em tại xã Thanh Ba là SAI SỰ THẬT.").phrase
'sai sự thật'
>>> find_cue("Sở Y tế đính chính thông tin về số ca mắc sốt xuất huyết").phrase
'đính chính'
>>> find_cue("Quốc hội bác bỏ đề xuất tăng thuế") is None
True
>>> find_cue("Đây không phải tin giả, mọi người cẩn thận") is None
True
>>> find_cue("Không có chuyện trường học cho học sinh nghỉ vì dịch").phrase
'không có chuyện'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nlp.fingerprint import normalise

# strong: the phrase alone says the information is false
STRONG = (
    "sai sự thật", "không đúng sự thật", "không đúng với sự thật", "hoàn toàn sai", "bịa đặt", "thất thiệt",
    "tin giả", "tin sai", "thông tin sai lệch", "thông tin sai", "xuyên tạc", "không có chuyện", "không hề có chuyện",
    "không có việc", "không hề xảy ra", "cắt ghép", "tin vịt",
    "fake news", "không có cơ sở", "vô căn cứ", "tung tin", "là bịa",
)
# weak: counts only with a word for information within a few words
# ("giả mạo" is mostly counterfeit goods or malware in real news, 4 of 14 cue hits on 2,653 Dân trí articles)
WEAK = ("bác bỏ", "đính chính", "không chính xác", "phủ nhận", "lên tiếng về thông tin", "thực hư", "sự thật về",
        "giả mạo", "không có vụ", "không xảy ra vụ")
INFO_WORDS = ("thông tin", "tin đồn", "bài viết", "bài đăng", "clip", "video", "hình ảnh", "nội dung", "mạng xã hội",
              "trên mạng", "facebook", "tiktok", "zalo", "tin nhắn", "tài khoản")
NEGATORS = ("không phải", "chẳng phải", "chưa có căn cứ để khẳng định", "không thể nói là")
_WINDOW = 6  # words either side of a weak cue searched for an information word
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Cue:
    phrase: str  # the cue as listed (normalised)
    strength: str  # strong | weak
    snippet: str  # the words around it, normalised, for the evidence


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    def alt(words: tuple[str, ...]) -> str:
        return "|".join(re.escape(normalise(w)) for w in sorted(words, key=len, reverse=True))

    return (re.compile(rf"(?<!\w)(?:{alt(STRONG)})(?!\w)"), re.compile(rf"(?<!\w)(?:{alt(WEAK)})(?!\w)"),
            re.compile(rf"(?<!\w)(?:{alt(INFO_WORDS)})(?!\w)"), re.compile(rf"(?:{alt(NEGATORS)})\s*(?:là\s*)?$"))


def _snippet(words: list[str], start: int, end: int, span: int = 8) -> str:
    return " ".join(words[max(0, start - span):end + span])


def find_cue(text: str | None) -> Cue | None:
    """The first cue in ``text`` that says some information is false, or None."""
    if not text:
        return None
    norm = normalise(_URL.sub(" ", text))
    strong, weak, info, negated = _patterns()
    for kind, pat in (("strong", strong), ("weak", weak)):
        for m in pat.finditer(norm):
            if negated.search(norm[:m.start()].rstrip()[-60:]):
                continue
            before, after = norm[:m.start()].split(), norm[m.end():].split()
            if kind == "weak":
                around = " ".join(before[-_WINDOW:] + after[:_WINDOW])
                if not info.search(around):
                    continue
            words = before + [m.group(0)] + after
            return Cue(m.group(0), kind, _snippet(words, len(before), len(before) + 1))
    return None


def cue_words() -> frozenset[str]:
    """Every syllable of every cue and information word: they say *that* a claim is false, not *which* claim."""
    return frozenset(w for phrase in STRONG + WEAK + INFO_WORDS + NEGATORS for w in normalise(phrase).split())


def claim_terms(text: str | None) -> frozenset[str]:
    """What a claim is compared on: the pairs of adjacent syllables of the normalised text (Vietnamese words are
    mostly two syllables: "bắt cóc", "cứu thương", "thanh ba"), leaving out pairs made only of cue words, and
    single numbers. URLs are dropped (a shared link is an explicit tie, handled by story grouping).

    >>> sorted(claim_terms("Xe cứu thương bắt cóc trẻ em là SAI SỰ THẬT"))[:4]
    ['bắt cóc', 'cóc trẻ', 'cứu thương', 'em là']
    """
    if not text:
        return frozenset()
    cues = cue_words()
    words = [w for w in normalise(_URL.sub(" ", text)).split() if not w.isdigit()]
    return frozenset(f"{a} {b}" for a, b in zip(words, words[1:], strict=False)
                     if not (a in cues and b in cues))
