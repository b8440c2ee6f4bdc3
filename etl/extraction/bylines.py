"""Bylines → journalists. Photographers, video/graphics credits, agencies and source tags are not authors.

>>> parse_byline("Bài: Minh Anh - Ảnh: Hoàng Long")
['Minh Anh']
>>> parse_byline("Theo VnExpress")
[]
>>> strip_source_tag("(Dân trí) - Sáng 3/7, tỉnh Phú Thọ ...")
('Sáng 3/7, tỉnh Phú Thọ ...', 'Dân trí')
"""

from __future__ import annotations

import re
import unicodedata

# A lead that opens with the outlet's tag: "(Dân trí) -", "PTO-", "TTO -", "(PLO)-", "VOV.VN -", "(Baophutho.vn) -".
_SOURCE_TAG = re.compile(
    r"^\s*(?:\((?P<paren>[^()]{2,40})\)|(?P<bare>[A-ZĐ][A-ZĐ0-9.]{1,14}(?:\.(?:VN|vn|com))?))\s*[-–—:]\s*"
)
# Parts of a byline that credit someone for something other than writing.
_NON_AUTHOR_ROLE = re.compile(
    r"^\s*(?:ảnh|ảnh minh họa|ảnh minh hoạ|photo|video|clip|đồ họa|đồ hoạ|thiết kế|infographic|"
    r"minh họa|minh hoạ|dựng phim|quay phim|kỹ thuật|trình bày|biên tập|nguồn|theo)\b",
    re.I,
)
_AUTHOR_ROLE = re.compile(
    r"^\s*(?:bài và ảnh|bài, ảnh|bài & ảnh|bài\s*/\s*ảnh|bài viết|bài|tác giả|phóng viên|nhóm phóng viên|"
    r"nhóm pv|pv|ctv|nhóm tác giả|thực hiện|ghi chép|tin|tin và ảnh|tin, ảnh|nhà báo)\s*[:.]?\s*",
    re.I,
)
# Agencies and outlets quoted as the source of a copied text.
AGENCY_WORDS = {"ttxvn", "vna", "afp", "reuters", "ap", "xinhua", "tto", "pto", "plo", "vov", "vtv", "vtc",
                "ttxvn/vietnam+", "vnexpress", "dân trí", "tuổi trẻ", "thanh niên", "vietnamplus", "zing",
                "báo phú thọ", "bnews", "vietnam+", "vtv.vn", "vov.vn", "tổng hợp", "theo", "nguồn",
                "bbt", "ban biên tập", "pv", "ctv", "nhóm pv", "nhóm phóng viên", "phóng viên", "admin"}
_SPLIT = re.compile(r"\s*(?:,|;|&|\+|/|\s[-–—|]\s|\s+và\s+|\s+and\s+|\n)\s*", re.I)
_ROLE_SPLIT = re.compile(
    r"(?=\b(?:ảnh|video|clip|đồ họa|đồ hoạ|thiết kế|minh họa|minh hoạ|quay phim|dựng phim|nguồn|theo)\s*[:.])",
    re.I,
)
_COMBINED_ROLE = re.compile(r"\b(?:bài và ảnh|bài, ảnh|bài & ảnh|bài\s*/\s*ảnh|tin và ảnh|tin, ảnh|tin & ảnh)\s*:\s*", re.I)
_ORG_WORDS = {"báo", "tạp", "đài", "cổng", "trung", "ban", "sở", "ubnd", "bộ", "cục", "nhóm", "trang"}
_NAME_WORD = re.compile(r"^[A-ZÀ-ỸĐ][\wÀ-ỹ'.]*$")
_ABBREV_NAME = re.compile(r"^(?:[A-ZĐ]\.)+\s*[A-ZÀ-ỸĐ][\wÀ-ỹ]*$")  # "Đ.Tùng", "N.T.Hà"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_source_tag(lead: str | None) -> tuple[str | None, str | None]:
    """Remove the outlet tag that opens a lead; return (lead, tag or None)."""
    if not lead:
        return lead, None
    lead = _nfc(lead)
    m = _SOURCE_TAG.match(lead)
    if not m:
        return lead, None
    tag = (m.group("paren") or m.group("bare") or "").strip()
    # a parenthesised tag is an outlet ("Dân trí", "Baophutho.vn"), not a date like "(3/7)"
    if not tag or re.search(r"\d/\d", tag):
        return lead, None
    return lead[m.end():].strip(), tag


def is_plausible_name(text: str) -> bool:
    """A person's name: 1–6 capitalised words (or an abbreviated name), no digits, not an agency."""
    text = text.strip().strip(".")
    if not text or len(text) > 60 or any(c.isdigit() for c in text):
        return False
    if text.lower() in AGENCY_WORDS or text.isupper() and len(text) <= 8:
        return False
    if _ABBREV_NAME.match(text):
        return True
    words = text.split()
    if words and words[0].lower() in _ORG_WORDS:
        return False
    if not 1 <= len(words) <= 6:
        return False
    return all(_NAME_WORD.match(w) for w in words)


def parse_byline(text: str | None) -> list[str]:
    """Names of the writers in a byline string, in order, without duplicates."""
    if not text:
        return []
    text = _nfc(text).strip()
    text = re.sub(r"\s+", " ", text)
    text = _COMBINED_ROLE.sub("Bài: ", text)
    text = re.sub(r"\([^)]*\)", " ", text)
    names: list[str] = []
    for segment in _ROLE_SPLIT.split(text):
        segment = segment.strip(" -–—|()[]")
        if not segment or _NON_AUTHOR_ROLE.match(segment):
            continue
        segment = _AUTHOR_ROLE.sub("", segment, count=1)
        for part in _SPLIT.split(segment):
            part = part.strip(" -–—|()[]:.\u00a0")
            part = re.sub(r"^(?:PV|CTV|Nhà báo|Phóng viên)\s+", "", part)
            if part and is_plausible_name(part) and part not in names:
                names.append(part)
    return names


def is_byline_line(text: str) -> bool:
    """Whether a short closing paragraph is a byline (e.g. "Minh Anh", "Bài và ảnh: Thu Hà",
    "Hoàng Long (TTXVN)"), so it can be taken out of the body and parsed."""
    text = _nfc(text).strip()
    if not text or len(text) > 80 or text.endswith(("?", "!")) or text.count(".") > 3:
        return False
    if _AUTHOR_ROLE.match(text) and ":" in text[:20]:
        return True
    core = re.sub(r"\([^)]*\)", "", text).strip(" -")
    if _NON_AUTHOR_ROLE.match(core):
        return True
    parts = [p for p in _SPLIT.split(core) if p.strip()]
    return bool(parts) and all(is_plausible_name(p.strip(" .")) for p in parts)


def source_attribution(text: str | None) -> str | None:
    """The outlet a text says it copies from: "Theo VnExpress", "Nguồn: Dân trí" → "VnExpress"."""
    if not text:
        return None
    m = re.search(r"(?:^|\n|\.\s)\s*(?:theo|nguồn)\s*:?\s*([A-ZÀ-ỸĐ][\w.À-ỹ+ ]{1,40}?)\s*\.?\s*$", _nfc(text.strip()), re.I)
    return m.group(1).strip() if m else None


def slug(name: str) -> str:
    """ASCII slug of a name: "Nguyễn Thu Hà" → "nguyen-thu-ha"."""
    s = _nfc(name).replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return s


def journalist_id(name: str) -> str:
    return "journalist:" + slug(name)
