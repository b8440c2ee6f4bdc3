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

from etl.extraction.entities import decode_entities

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
                "bbt", "ban biên tập", "pv", "ctv", "nhóm pv", "nhóm phóng viên", "phóng viên", "admin",
                "btv", "biên tập viên", "lao động", "người lao động", "tiền phong", "nhân dân", "quân đội nhân dân",
                "công an nhân dân", "sài gòn giải phóng", "hà nội mới", "pháp luật", "vietnamnet", "vneconomy",
                "cafef", "cafebiz", "znews", "kenh14", "soha", "dân việt", "infonet", "người đưa tin", "đại đoàn kết",
                "kinh tế đô thị", "an ninh thủ đô", "thể thao văn hóa", "bóng đá", "bongdaplus", "vtc news",
                "vov2", "nld", "sggp", "qđnd", "cand", "bbc", "cnn", "bloomberg", "ap news", "tass", "ria novosti",
                "sputnik", "kyodo", "yonhap", "nhk", "gđ&tđ", "pháp luật tp.hcm", "giáo dục thời đại", "tài chính plus",
                "baomoi", "báo mới", "tin tổng hợp", "tòa soạn", "ban thời sự"}
_SPLIT = re.compile(r"\s*(?:,|;|&|\+|/|•|·|\||\s*[-–—]\s*|\s+và\s+|\s+and\s+|\n)\s*", re.I)
_ROLE_SPLIT = re.compile(
    r"(?=\b(?:ảnh|video|clip|đồ họa|đồ hoạ|thiết kế|minh họa|minh hoạ|quay phim|dựng phim|nguồn|theo)\s*[:.])",
    re.I,
)
_COMBINED_ROLE = re.compile(r"\b(?:bài và ảnh|bài, ảnh|bài & ảnh|bài\s*/\s*ảnh|tin và ảnh|tin, ảnh|tin & ảnh)\s*:\s*", re.I)
# Words before a name that say what the person is, not who: "PV Minh Anh", "Nhóm PV", "Nhà báo …", "BTV …".
_LEADING_ROLE = re.compile(
    r"^(?:(?:nhóm\s+)?(?:pv|ctv|btv|phóng viên|cộng tác viên|biên tập viên)|nhà báo|tác giả|thực hiện|"
    r"bài(?:\s+viết)?|ghi chép|tin)\s*[:.]?\s+", re.I)
_PHOTO_ROLE = re.compile(r"^\s*(?:ảnh|ảnh minh họa|ảnh minh hoạ|photo|video|clip|quay phim|đồ họa|đồ hoạ)\s*[:.]\s*",
                         re.I)
_ORG_WORDS = {"báo", "tạp", "đài", "cổng", "trung", "ban", "sở", "ubnd", "bộ", "cục", "nhóm", "trang", "tạp chí"}
# Words of outlet names that Vietnamese personal names do not use ("Tin Nhanh Việt Nam", "Dân Trí Mới", "Thời báo …")
_OUTLET_WORDS = {"báo", "tin", "mới", "nhanh", "online", "đài", "tạp", "chí", "plus", "news", "net", "tv", "radio",
                 "times", "tức", "24h", "express", "media", "post", "daily"}
_OUTLET_BIGRAMS = {"việt nam", "dân trí", "lao động", "tuổi trẻ", "thanh niên", "nhân dân", "pháp luật", "đời sống",
                   "truyền hình", "phát thanh", "thời báo", "tin tức", "nông thôn", "thủ đô", "giáo dục", "kinh tế",
                   "thể thao", "sức khỏe", "sức khoẻ", "tài chính", "đầu tư", "công an", "quân đội", "an ninh",
                   "văn hóa", "văn hoá", "du lịch", "môi trường", "xây dựng", "tiêu dùng", "doanh nghiệp", "phụ nữ",
                   "gia đình", "thương mại", "công thương", "bóng đá", "điện tử", "đất tổ", "thời sự", "nông nghiệp"}
_ROLE_WORDS = {"pv", "ctv", "btv", "nhóm pv", "nhóm phóng viên", "phóng viên", "nhóm tác giả", "ban biên tập", "bbt",
               "admin", "tổng hợp", "theo", "nguồn", "biên tập viên", "cộng tác viên"}
_OUTLET_SUFFIXES = {"plus", "news", "times", "online", "post", "today", "daily", "tv", "net", "magazine", "+"}
_NAME_WORD = re.compile(r"^[A-ZÀ-ỸĐ][\wÀ-ỹ'.]*$")
_ABBREV_NAME = re.compile(r"^(?:[A-ZĐ]\.)+\s*[A-ZÀ-ỸĐ][\wÀ-ỹ]*$")  # "Đ.Tùng", "N.T.Hà"
# One Vietnamese syllable once tone and vowel marks are stripped: initial consonant(s), 1-3 vowels, final.
_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$")
_DOMAIN = re.compile(r"\.(?:vn|com|net|org|info)\b", re.I)


def _is_camel(word: str) -> bool:
    """ "VnEconomy", "CafeF", "VietnamPlus": capitals inside a word, which Vietnamese names never have."""
    return "." not in word and any(c.islower() for c in word) and any(c.isupper() for c in word[1:])


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", decode_entities(_nfc(text)) or "").strip()


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


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` has the shape of one Vietnamese syllable ("Nguyễn", "Nghi", "Xuân"; not "Plus", "Reuters")."""
    base = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    base = "".join(c for c in base if not unicodedata.combining(c))
    return bool(_SYLLABLE.match(base))


def _name_case(text: str) -> str:
    """A name printed in capitals ("NHẬT XUÂN") in the case readers write it ("Nhật Xuân")."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters) and " " in text.strip():
        return " ".join(w[:1] + w[1:].lower() for w in text.split())
    return text


def _has_outlet_words(text: str) -> bool:
    words = [w.casefold() for w in re.findall(r"[\w+]+", text)]
    return any(w in _OUTLET_WORDS for w in words) or any(
        f"{a} {b}" in _OUTLET_BIGRAMS for a, b in zip(words, words[1:], strict=False))


def is_outlet_name(text: str) -> bool:
    """An outlet or agency rather than a person: "VnEconomy", "Tài chính Plus", "Báo Phú Thọ", "TTXVN",
    "baophutho.vn"."""
    text = _clean(text).strip(" .")
    low = text.lower()
    if not text or any(c.isdigit() for c in text) and not _DOMAIN.search(text):
        return False
    if low in AGENCY_WORDS or _DOMAIN.search(text) or _has_outlet_words(text):
        return True
    words = text.split()
    if words[0].lower() in _ORG_WORDS or " ".join(words[:2]).lower() in _ORG_WORDS:
        return True
    if len(words) == 1 and (_is_camel(text) or (text.isupper() and len(text) <= 8)):
        return True
    return any(w[:1].islower() for w in words) or any(not is_vietnamese_syllable(w) for w in words if w.isalpha())


def is_plausible_name(text: str) -> bool:
    """A person's name: 1–6 capitalised words (or an abbreviated name), no digits, not an agency."""
    text = text.strip().strip(".")
    if not text or len(text) > 60 or any(c.isdigit() for c in text):
        return False
    if text.lower() in AGENCY_WORDS or (text.isupper() and len(text) <= 8 and " " not in text):
        return False
    if _ABBREV_NAME.match(text):
        return True
    words = text.split()
    if words and words[0].lower() in _ORG_WORDS:
        return False
    if not 1 <= len(words) <= 6:
        return False
    if any(_is_camel(w) for w in words):
        return False
    return all(_NAME_WORD.match(w) for w in words)


def is_person_name(text: str) -> bool:
    """A Vietnamese person's name, stricter than :func:`is_plausible_name`: 2–5 words, each a Vietnamese
    syllable (or an abbreviated name such as "Đ.Tùng"). Used where a line is not known to be a byline."""
    text = text.strip().strip(".")
    if not is_plausible_name(text):
        return False
    if _ABBREV_NAME.match(text):
        return True
    words = text.split()
    return 2 <= len(words) <= 5 and all(is_vietnamese_syllable(w) for w in words) and not _has_outlet_words(text)


def _theo(part: str) -> tuple[str | None, str | None]:
    """("Theo Hồ Hương") → (person, None); ("Theo VnEconomy") → (None, source); otherwise (None, None)."""
    m = re.match(r"^(?:theo|nguồn)\s*[:.]?\s*(.+)$", part, re.I)
    if not m:
        return None, None
    rest = _name_case(m.group(1).strip(" .:"))
    if part.lower().startswith("theo") and not is_outlet_name(rest) and is_person_name(rest):
        return rest, None
    return None, rest or None


def read_byline(text: str | None, *, strict: bool = False) -> dict[str, list[str]]:
    """A byline taken apart: ``authors`` (writers, in order), ``photographers`` ("Ảnh: …") and ``sources``
    ("Theo VnEconomy", agencies in brackets); ``theo`` lists the authors that only "Theo" introduced. "Theo", "PV", "Nhóm PV", roles and agencies are stripped; several
    writers are split on "-", ",", "và", "/", "&". ``strict`` keeps only names shaped like Vietnamese names (for a
    line that is not known to be a byline, such as the last line of a body)."""
    out: dict[str, list[str]] = {"authors": [], "photographers": [], "sources": [], "theo": []}
    if not text:
        return out
    text = _clean(text)
    text = _COMBINED_ROLE.sub("Bài: ", text)
    for agency in re.findall(r"\(([^)]*)\)", text):
        agency = re.sub(r"^(?:theo|nguồn)\s*[:.]?\s*", "", agency.strip(), flags=re.I)
        if is_outlet_name(agency) and agency.lower() not in _ROLE_WORDS and not re.search(r"ảnh|photo", agency, re.I):
            out["sources"].append(agency)
    text = re.sub(r"\([^)]*\)", " ", text)
    accept = is_person_name if strict else is_plausible_name

    def add(key: str, name: str) -> None:
        if name and name not in out[key]:
            out[key].append(name)

    for segment in _ROLE_SPLIT.split(text):
        segment = segment.strip(" -–—|()[]")
        if not segment:
            continue
        if _PHOTO_ROLE.match(segment):
            for part in _SPLIT.split(_PHOTO_ROLE.sub("", segment, count=1)):
                part = _name_case(part.strip(" -–—|()[]:.\u00a0"))
                if part and is_plausible_name(part):
                    add("photographers", part)
            continue
        if _NON_AUTHOR_ROLE.match(segment) and not re.match(r"^\s*(?:theo|nguồn)\b", segment, re.I):
            continue
        segment = _AUTHOR_ROLE.sub("", segment, count=1)
        for part in _SPLIT.split(segment):
            part = part.strip(" -–—|()[]:.\u00a0")
            person, source = _theo(part)
            if person:
                add("authors", person)
                add("theo", person)  # "Theo Hồ Hương": a writer by its shape, but "Theo" also credits outlets
                continue
            if source:
                add("sources", source)
                continue
            for _ in range(2):
                part = _LEADING_ROLE.sub("", part).strip()
            part = _name_case(part)
            if not part:
                continue
            if accept(part) and not (strict and is_outlet_name(part)):
                add("authors", part)
            elif is_outlet_name(part) and len(part) < 40 and part.lower() not in _ROLE_WORDS:
                add("sources", part)
    return out


def parse_byline(text: str | None, *, strict: bool = False) -> list[str]:
    """Names of the writers in a byline string, in order, without duplicates."""
    return read_byline(text, strict=strict)["authors"]


def is_byline_line(text: str) -> bool:
    """Whether a short closing paragraph is a byline (e.g. "Minh Anh", "Bài và ảnh: Thu Hà",
    "Hoàng Long (TTXVN)", "Theo Hồ Hương"), so it can be taken out of the body and parsed."""
    text = _clean(text)
    if not text or len(text) > 80 or text.endswith(("?", "!")) or text.count(".") > 3:
        return False
    if len(text.split()) > 10 and not re.search(r"[:/\-–]", text):  # a sentence, not a list of names
        return False
    if _AUTHOR_ROLE.match(text) and ":" in text[:20]:
        return True
    core = re.sub(r"\([^)]*\)", "", text).strip(" -")
    if _NON_AUTHOR_ROLE.match(core) and not re.match(r"^\s*theo\b", core, re.I):
        return True
    parts = [p.strip(" .") for p in _SPLIT.split(core) if p.strip(" .")]
    if not parts:
        return False
    for p in parts:
        person, source = _theo(p)
        if person or source:
            continue
        p = _LEADING_ROLE.sub("", p).strip()
        if not (is_person_name(_name_case(p)) or _clearly_outlet(p) and len(parts) > 1):
            return False
    return True


def _clearly_outlet(text: str) -> bool:
    """Outlet-shaped without context: a known agency or outlet, a domain, "Báo …", "VnEconomy", "Tài chính Plus"."""
    words = text.split()
    low = text.lower()
    return bool(words) and (low in AGENCY_WORDS or bool(_DOMAIN.search(text)) or words[0].lower() in _ORG_WORDS
                            or _has_outlet_words(text)
                            or (len(words) == 1 and (_is_camel(text) or text.isupper() and 2 < len(text) <= 8))
                            or words[-1].lower() in _OUTLET_SUFFIXES)


def source_line(text: str | None) -> str | None:
    """The outlet a closing line credits: "Theo VnEconomy", "Nguồn: Dân trí", or a bare "VnEconomy" /
    "Báo Phú Thọ" on a line of its own; ``None`` for a line that names a writer or photographer."""
    if not text or len(text) > 80:
        return None
    text = _clean(text).strip(" .")
    if re.match(r"^(?:theo|nguồn)\b", text, re.I):
        if len(text.split()) > 8 or re.search(r"[,;!?]|\.\s", text):  # "Theo ông A, dự án …": a sentence
            return None
        r = read_byline(text, strict=True)
        if r["authors"] or r["photographers"] or not r["sources"]:
            return None
        src = r["sources"][0]
        return src if len(src.split()) <= 6 and src[:1].isupper() else None
    return text if len(text.split()) <= 5 and _clearly_outlet(text) and text.lower() not in _ROLE_WORDS else None


def source_attribution(text: str | None) -> str | None:
    """The outlet a text says it copies from: "Theo VnExpress", "Nguồn: Dân trí" → "VnExpress"."""
    if not text:
        return None
    m = re.search(r"(?:^|\n|\.\s)\s*(?:theo|nguồn)\s*:?\s*([A-ZÀ-ỸĐ][\w.À-ỹ+ ]{1,40}?)\s*\.?\s*$", _nfc(text.strip()), re.I)
    if not m:
        return None
    found = m.group(1).strip()
    return None if is_person_name(found) and not is_outlet_name(found) else found


def slug(name: str) -> str:
    """ASCII slug of a name: "Nguyễn Thu Hà" → "nguyen-thu-ha"."""
    s = _nfc(name).replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return s


def journalist_id(name: str) -> str:
    return "journalist:" + slug(name)
