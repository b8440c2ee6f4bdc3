"""Province evidence the entity rules do not see: unaccented (English) names, lower-case forum text, the province's
own portals and outlets, and named resorts / sites that are the province's alone.

One cheap regex pass per text (compiled once); each hit is an :class:`Extra` with a reason, a weight and whether it
counts as strong evidence. :func:`nlp.relevance.relevance` adds the hits that the rule matcher has not already covered.

>>> [x.reason for x in extra_evidence("Floods hit Mai Chau district in Hoa Binh province")]
['unaccented: Mai Chau district', 'unaccented: Hoa Binh province']
>>> extra_evidence("Thế giới mong hòa bình")
[]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from nlp.gazetteer import load_gazetteer

OUR_PROVINCES = ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình")
# the province's own portals and outlets (a story they publish is the province's by construction)
_OUTLETS = re.compile(
    r"phutho\s*portal|phutho\.gov\.vn|baophutho(?:\.vn)?|báo phú thọ|phuthotv|"
    r"cổng (?:ttđt|thông tin điện tử|thông tin) (?:tỉnh )?phú thọ|đài (?:pt-?th|phát thanh(?: và|,)? truyền hình) "
    r"(?:tỉnh )?(?:phú thọ|vĩnh phúc|hòa bình)|vinhphuc\.gov\.vn|baovinhphuc(?:\.com\.vn)?|báo vĩnh phúc|"
    r"hoabinh\.gov\.vn|baohoabinh(?:\.com\.vn)?|báo hòa bình", re.IGNORECASE)
# resorts and sites named without their province ("a resort in Thanh Thủy"); each exists only here
_SITES = re.compile(
    r"khoáng nóng (?:Thanh Thủy|Kim Bôi)|Vườn Vua(?: Resort)?|Wyndham Lynn Times|Flamingo Đại Lải|"
    r"Serena Kim Bôi|bản Lác|thung lũng Mai Châu|Mai Châu Ecolodge|đền Mẫu Âu Cơ|cầu Phong Châu|"
    r"Lăng Hùng Vương|Mường Động|Tháp Bình Sơn")
# lower-case (forum) forms of the three province names after a place word; "hòa bình" alone means "peace"
_LOWER = re.compile(r"(?:\b(?:tỉnh|tp\.?|thành phố|t\.p|ở|tại|lên|quê|dân)\s*)"
                    r"(hòa bình|phú thọ|vĩnh phúc|việt trì|vĩnh yên|phúc yên)\b"
                    r"(?!\s+(?:thế giới|và|hữu nghị|lâu dài|bền vững|ổn định))", re.IGNORECASE)
_PEOPLE = frozenset("nguyen tran le pham hoang huynh vu vo dang bui do ho ngo duong ly truong dinh phan mai".split())
_ENGLISH_UNIT = r"(?:province|city|town|district|provincial)"
_HCMC_ASCII = re.compile(r"HCMC|Ho Chi Minh|Saigon|District 11|Dam Sen", re.IGNORECASE)
_COMPANY = re.compile(r"\s+(?:Group|Construction|Corp|Corporation|JSC|Company|Co\.|Bank|Hotel|Street|St\.|Road)\b")
_SENT = re.compile(r"[.!?\n]")


@dataclass(frozen=True)
class Extra:
    start: int
    end: int
    reason: str
    weight: float
    strong: bool
    other: str = ""  # set: another province named in English (dilutes the score, adds nothing)
    anchor: bool = True  # names the province / its outlets (False: a bare place or site)


def fold(s: str) -> str:
    """Drop Vietnamese diacritics: ``fold("Hòa Bình, Đà Bắc") == "Hoa Binh, Da Bac"``."""
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _tables() -> tuple[re.Pattern[str], dict[str, tuple[str, bool]], re.Pattern[str], dict[str, str],
                       re.Pattern[str], frozenset[str], frozenset[str]]:
    g = load_gazetteer()
    ours: dict[str, tuple[str, bool]] = {}  # folded name -> (level, shared with another province)
    shared_district: set[str] = set()  # folded names of former districts that were district names elsewhere too
    cities: set[str] = set()  # folded names of former cities / towns (no other province had one so named)
    for p in g.places.values():
        if p["level"] not in ("province", "former_province", "former_district"):
            continue
        name = fold(str(p["short"]))
        if name == p["short"]:
            continue  # no diacritics: the accented matcher sees it already
        shared = str(p["short"]).lower() in g.elsewhere and p["level"] == "former_district"
        level = "province" if p["level"] in ("province", "former_province") else "district"
        ours.setdefault(name, (level, shared))
        if str(p["short"]).lower() in g.elsewhere_district:
            shared_district.add(name)
        if str(p["name"]).startswith(("Thành phố", "Thị xã")):
            cities.add(name)
    ascii_re = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ours), key=len, reverse=True)) + r")\b")
    others: dict[str, str] = {}
    for _id, disp in g.other_provinces.values():
        f = fold(disp)
        if f != disp and f not in ours:
            others[f] = disp
    others.update({"Hanoi": "Hà Nội", "Ho Chi Minh City": "Hồ Chí Minh", "HCMC": "Hồ Chí Minh",
                   "Saigon": "Hồ Chí Minh", "Da Nang": "Đà Nẵng", "Hue": "Huế"})
    others_re = re.compile(r"\b(" + "|".join(sorted(map(re.escape, others), key=len, reverse=True)) + r")\b")
    # lower-case "<former district> <province>" ("lương sơn hòa bình", "việt trì, phú thọ")
    districts = sorted({str(p["short"]).lower() for p in g.places.values() if p["level"] == "former_district"},
                       key=len, reverse=True)
    pair_re = re.compile(r"\b(" + "|".join(map(re.escape, districts)) + r")[\s,\-–]+(hòa bình|phú thọ|vĩnh phúc)\b")
    return ascii_re, ours, others_re, others, pair_re, frozenset(cities), frozenset(shared_district)


def _sentence(text: str, start: int, end: int) -> str:
    a = max((m.end() for m in _SENT.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    m = _SENT.search(text, end, end + 300)
    return text[a:m.start() if m else min(len(text), end + 300)]


def extra_evidence(text: str) -> list[Extra]:
    """Hits in NFC ``text`` that the entity rules miss (see the module docstring)."""
    if not text:
        return []
    ascii_re, ours, others_re, others, pair_re, cities, shared_district = _tables()
    out: list[Extra] = []
    for m in _OUTLETS.finditer(text):
        out.append(Extra(m.start(), m.end(), f"province outlet: {m.group(0)}", 3.0, True))
    for m in _SITES.finditer(text):
        out.append(Extra(m.start(), m.end(), f"site in the province: {m.group(0)}", 2.5, True, anchor=False))
    for m in pair_re.finditer(text):
        out.append(Extra(m.start(), m.end(), f"district, province: {m.group(0)}", 2.5, True))
    for m in _LOWER.finditer(text):
        if m.group(1)[0].isupper() and m.group(1).split()[1][0].isupper():
            continue  # "Hòa Bình": the accented rules' business
        out.append(Extra(m.start(1), m.end(1), f"lower-case name: {m.group(0).strip()}", 2.0, True))
    if ascii_re.search(text):
        for m in ascii_re.finditer(text):
            name = m.group(1)
            level, shared = ours[name]
            before = text[max(0, m.start() - 20):m.start()].split()
            if before and before[-1].lower().strip(",.") in _PEOPLE and before[-1][:1].isupper():
                continue  # "Truong Hoa Binh": a person
            if _COMPANY.match(text, m.end()):
                continue  # "Hoa Binh Group", "Phu Tho Street"
            after = text[m.end():m.end() + 14]
            unit = re.match(r"\s+" + _ENGLISH_UNIT + r"\b", after)
            named = unit is not None or re.search(r"province of\s*$", text[max(0, m.start() - 14):m.start()])
            if unit is not None and name in cities and re.match(r"\s+(?:city|town)", after):
                shared = False
            elif unit is not None and re.match(r"\s+district", after):
                shared = name in shared_district  # "Lac Son district": the same-name units elsewhere are communes
            if name == "Phu Tho" and _HCMC_ASCII.search(_sentence(text, m.start(), m.end())):
                continue
            if re.match(r"\s+(?:commune|ward|village|hamlet)\b", after):
                w, strong = 0.5, False  # communes and wards of this name exist in many provinces
            elif level == "province":
                w, strong = (3.0 if named else 2.0), True
            else:
                w, strong = ((2.0 if named else 1.5), True) if not shared else ((1.5, True) if named else (0.5, False))
            end = m.end() + (unit.end() if unit else 0)
            out.append(Extra(m.start(), end, f"unaccented: {text[m.start():end]}", w, strong,
                             anchor=level == "province"))
        for m in others_re.finditer(text):
            if re.search(r"\b(?:of|from|outside|near)\s+$", text[max(0, m.start() - 12):m.start()]):
                continue  # "north of Hanoi", "80 km from Hanoi": a locator, not another province's story
            out.append(Extra(m.start(), m.end(), "", 0.0, False, other=others[m.group(1)]))
    out.sort(key=lambda x: x.start)
    return out
