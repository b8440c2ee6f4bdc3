"""Rule-based entity finder: gazetteer places, agencies and abbreviations, office-holders, title rules.

Works on NORMALISED text (see nlp.normalize) at the syllable level, so it does not depend on how the word
segmenter grouped syllables; the spaCy pipeline (nlp.pipeline) then aligns tokens to these spans and merges
them with underthesea's CRF entities. Canonical ids:

* places: ``place:...`` (see nlp.gazetteer), other provinces ``place:vn:<code>``
* agencies: ``org:pt:...`` (nlp/data/agencies.csv); generic forms ("UBND tỉnh", "Sở Y tế") carry
  ``canonical_id=None`` and ``generic=True`` until the annotator knows the text is about the province
* office-holders: ``person:...``; anything else gets a slug id ``ner:<label>:<slug>`` at the end.

>>> m = rule_matcher()
>>> [(x.text, x.label, x.canonical_id) for x in m.find("Chủ tịch UBND tỉnh Phú Thọ Nguyễn Văn Hưng thăm xã Tam Nông.")]
[('UBND tỉnh Phú Thọ', 'ORG', 'org:pt:ubnd'), ('Nguyễn Văn Hưng', 'PER', 'person:fict:nguyen-van-hung-pt'), ('xã Tam Nông', 'LOC', 'place:08434')]
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from nlp.agencies import SURNAMES, TITLES, agencies, office_holders
from nlp.gazetteer import PROVINCE_ID, load_gazetteer
from nlp.normalize import nfc

_SYL_RE = re.compile(r"[^\W_]+|[^\w\s]")
# bare names: province > former province > other province > current commune > former district > former commune
_PRIORITY = {
    "province": 0, "former_province": 1, "other_province": 2, "commune": 3, "former_district": 4,
    "former_commune": 5, "confusable": 6, "country": 7,
}
_CONFUSABLES = (
    # (name, canonical id, province) — names that look like the province's but are elsewhere
    ("Phúc Thọ", "place:vn:01:phuc-tho", "Hà Nội"),
    ("huyện Phúc Thọ", "place:vn:01:phuc-tho", "Hà Nội"),
    ("xã Phúc Thọ", "place:vn:01:phuc-tho", "Hà Nội"),
)
# generic heads that are an ORG only when a place follows ("UBND huyện Lâm Thao", "Công an xã Tam Nông")
_LOCAL_PREFIXES = (
    "UBND", "Ủy ban nhân dân", "HĐND", "Hội đồng nhân dân", "Công an", "Huyện ủy", "Thành ủy", "Thị ủy",
    "Đảng ủy", "Trạm Y tế", "Trung tâm Y tế", "Bệnh viện", "Trường THCS", "Trường THPT", "Trường Tiểu học",
    "Trường Mầm non", "Ban Chỉ huy Quân sự", "Viện KSND", "TAND", "Tòa án nhân dân", "Chi cục Thuế",
    "Sở", "Sở GD-ĐT", "Sở GD&ĐT", "Phòng GD&ĐT", "Phòng GD-ĐT", "Cục Quản lý thị trường", "Hạt Kiểm lâm",
    "Đồn Biên phòng", "Bộ Chỉ huy Bộ đội Biên phòng", "Cơ quan CSĐT", "Cơ quan Cảnh sát điều tra",
    "Cơ quan CSĐT Công an", "Cơ quan Cảnh sát điều tra Công an", "Chi cục Kiểm lâm", "Chi cục Thủy lợi",
    "Ban Quản lý dự án", "Kho bạc Nhà nước", "Liên đoàn Lao động", "Hội Nông dân", "Hội Liên hiệp Phụ nữ",
    "Tỉnh đoàn", "Cục Thuế", "Cục Hải quan", "Cục Thống kê", "Thanh tra", "Thanh tra Sở Y tế", "Đài PT-TH",
    "Đài Phát thanh và Truyền hình", "Báo", "Tỉnh ủy", "Thành ủy", "Bộ Chỉ huy Quân sự", "Sở Y tế", "Sở Tư pháp",
    "Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Công Thương",
)
# foreign countries and regions (a bare name is a LOC)
_COUNTRIES = (
    "Việt Nam", "Mỹ", "Hoa Kỳ", "Trung Quốc", "Nhật Bản", "Hàn Quốc", "Triều Tiên", "Đài Loan", "Hồng Kông", "Lào",
    "Campuchia", "Thái Lan", "Myanmar", "Malaysia", "Singapore", "Indonesia", "Philippines", "Ấn Độ", "Pakistan",
    "Nga", "Ukraine", "Pháp", "Đức", "Italy", "Tây Ban Nha", "Bồ Đào Nha", "Hà Lan", "Bỉ", "Thụy Sĩ", "Thụy Điển",
    "Na Uy", "Ba Lan", "Séc", "Hungary", "Thổ Nhĩ Kỳ", "Iran", "Iraq", "Israel", "Ả Rập Saudi", "Ai Cập", "Nam Phi",
    "Australia", "Úc", "New Zealand", "Canada", "Mexico", "Brazil", "Argentina", "Cuba", "Châu Âu", "châu Âu",
    "châu Á", "Đông Nam Á", "Liên minh châu Âu", "Nam Sudan", "Afghanistan", "Qatar", "Anh Quốc", "Vương quốc Anh",
)
# unit names that are mostly something else when written bare (kings, streets, slogans, people)
_BARE_STOP = frozenset(nfc(x).lower() for x in (
    "Hùng Vương", "Độc Lập", "Thống Nhất", "Hữu Nghị", "Văn Lang", "Quang Trung", "Trưng Vương", "Hai Bà Trưng",
    "Lê Lợi", "Trần Phú", "Đống Đa", "Tân Lập", "Dân Chủ", "Đoàn Kết", "Hòa Bình", "Phú Thọ", "Vân Phú",
    "Bình Minh", "Thanh Miếu", "Âu Cơ", "Tiên Cát", "Gia Cẩm", "Minh Phương", "Nông Trang", "Phong Châu",
    "Thanh Hà", "Xuân Hòa", "Liên Bảo", "Đồng Tâm", "Tân Hòa", "Hương Canh", "Đại Đồng", "Vĩnh Yên",
    "Phúc Yên", "Việt Xuân", "Quang Sơn", "Tam Sơn", "Hợp Thịnh", "Hội Hợp", "Yên Lãng", "Xuân Lãng",
    "Hiền Lương",
))
_ORG_HEADS = tuple(sorted((tuple(x.split()) for x in (
    "Ban Quản lý", "Bệnh viện", "Công ty", "Tổng công ty", "Tập đoàn", "Đài", "Viện", "Trung tâm", "Trường",
    "Ngân hàng", "Học viện", "Nhà máy", "Chi cục", "Cục", "Hạt", "Đồn", "Báo", "Hội", "Hiệp hội", "Liên đoàn",
    "Quỹ", "Kho bạc", "Bảo hiểm xã hội", "Tòa án", "Viện Kiểm sát", "Đoàn", "Phòng", "Sở",
)), key=len, reverse=True))
_ORG_HEAD_FIRST = frozenset(h[0] for h in _ORG_HEADS)
# words that end an organisation name ("Sở Y tế yêu cầu các bệnh viện trong tỉnh ..." is not one name)
_ORG_STOP = frozenset(nfc(x) for x in (
    "trong tại ở của cho với về đến từ yêu cầu đã sẽ đang có là được bị thuộc trên dưới khi nếu vừa cùng "
    "phối hợp tổ chức kiểm tra làm việc chỉ đạo báo cáo thông báo cho biết đề nghị"
).split())
_COMPANY_HEADS = frozenset(tuple(x.split()) for x in ("Công ty", "Tổng công ty", "Tập đoàn", "Ngân hàng", "Nhà máy"))
_COMPANY_FORMS = frozenset(("TNHH", "CP", "Cổ", "phần", "cổ", "MTV", "TM", "DV", "XD", "&", "tập", "đoàn", "Tập"))
_KIN = frozenset(nfc(x) for x in "ông bà anh chị em cô chú bác cụ cháu Ông Bà Anh Chị".split())
_NAME_PARTS = SURNAMES | {
    nfc(x) for x in "Văn Thị Hữu Đức Công Quang Minh Xuân Thanh Ngọc Hồng Kim Thu Quốc Đình Bá Tiến Trọng".split()
}
_OTHER_EXTRA = {
    "79": ("TP.HCM", "TP HCM", "TPHCM", "TP. HCM", "TP. Hồ Chí Minh", "TP Hồ Chí Minh", "Sài Gòn", "HCM",
           "Thành phố Hồ Chí Minh"),
    "01": ("Thủ đô Hà Nội", "TP Hà Nội", "TP. Hà Nội"),
}


def slug(text: str) -> str:
    """ASCII slug of a Vietnamese name.

    >>> slug("Đồng Nai - Tỉnh")
    'dong-nai-tinh'
    """
    t = nfc(text).replace("đ", "d").replace("Đ", "D")
    t = unicodedata.normalize("NFD", t)
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-")


def syllables(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every syllable / punctuation mark."""
    return [(m.start(), m.end(), m.group(0)) for m in _SYL_RE.finditer(text)]


@dataclass(frozen=True)
class Mention:
    """An entity span in normalised text."""

    start: int
    end: int
    label: str  # PER | LOC | ORG
    text: str
    canonical_id: str | None
    kind: str  # place level, "agency", "generic_agency", "office_holder", "title_rule", "ner", ...
    source: str = "rules"
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class _Entry:
    label: str
    canonical_id: str | None
    kind: str
    priority: int
    caps: tuple[int, ...]  # syllables (relative to the match start) that must be capitalised
    meta: tuple[tuple[str, Any], ...] = ()


def _is_cap(s: str) -> bool:
    return s[:1].isupper() or s[:1].isdigit()


class RuleMatcher:
    """Longest-match syllable trie over place names, agencies, office-holders; plus title rules."""

    def __init__(self, gazetteer_dir: str | None = None) -> None:
        self._trie: dict[str, Any] = {}
        g = load_gazetteer(gazetteer_dir)
        self.gazetteer = g
        for p in g.places.values():
            level = p["level"]
            short_l = p["short"].lower()
            for alias in p["aliases"]:
                if alias.lower() == short_l and not self._bare_ok(level, short_l, g.elsewhere):
                    continue  # bare "Hùng Vương", "Tân Lập": only with "xã/phường/..." before it
                syl = [s for _, _, s in syllables(alias)]
                short_syl = [s for _, _, s in syllables(p["short"])]
                cf = _find_sub(syl, short_syl)
                self._add(alias, _Entry("LOC", p["id"], level, _PRIORITY[level], _caps(cf, len(short_syl))))
        for key, (pid, short) in g.other_provinces.items():
            code = pid.rsplit(":", 1)[1]
            forms = [short, f"tỉnh {short}", f"thành phố {short}", f"TP {short}", f"TP. {short}"]
            forms += list(_OTHER_EXTRA.get(code, ()))
            for form in forms:
                syl = [s for _, _, s in syllables(form)]
                short_syl = [s for _, _, s in syllables(short)]
                cf = _find_sub(syl, short_syl)
                self._add(form, _Entry("LOC", pid, "other_province", _PRIORITY["other_province"],
                                       _caps(cf, len(short_syl)), (("province", short),)))
            del key
        for country in _COUNTRIES:
            self._add(country, _Entry("LOC", f"place:world:{slug(country)}", "country", 8, (0,)))
        for name, cid, prov in _CONFUSABLES:
            n = len(syllables(name))
            self._add(name, _Entry("LOC", cid, "confusable", _PRIORITY["confusable"],
                                   _caps(n - 2, 2), (("province", prov),)))
        for lm in _landmarks():
            for alias in lm["aliases"]:
                # the alias's own capitals must be there ("sông Lô", "khu du lịch Ao Vua"); a landmark named with a
                # common word first ("sông Lô") loses a tie to a unit spelled the same ("Sông Lô", the commune)
                caps = tuple(k for k, (_, _, x) in enumerate(syllables(nfc(alias))) if x[:1].isupper()) or (0,)
                prio = -1 if caps[0] == 0 else 9
                # a landmark without a place (a river through many provinces) names a place but is not ours alone
                kind = "landmark" if lm["place_id"] else "shared_landmark"
                self._add(alias, _Entry("LOC", lm["id"], kind, prio, caps, (("place", lm["place_id"] or None),)))
        for a in agencies():
            for alias in a["aliases"]:
                self._add(alias, _Entry(a["label"], a["id"], "agency", -1, (0,), (("became", a["became"]),)))
            for alias in a["generic_aliases"]:
                self._add(alias, _Entry(a["label"], None, "generic_agency", -1, (0,), (("agency", a["id"]),)))
        for prefix in _LOCAL_PREFIXES:
            self._add(prefix, _Entry("ORG", None, "generic_agency", -1, (0,), (("require_place", True),)))
        for h in office_holders():
            self._add(h["name"], _Entry("PER", h["id"], "office_holder", -2,
                                        tuple(range(len(syllables(h["name"])))),
                                        (("fictional", h["fictional"]), ("role", h["role"]))))
        self._titles: dict[str, Any] = {}
        for t in TITLES:
            node = self._titles
            for s in (x for _, _, x in syllables(t)):
                node = node.setdefault(s, {})
            node[None] = t

    @staticmethod
    def _bare_ok(level: str, short_l: str, elsewhere: dict[str, list[str]]) -> bool:
        """May a unit's name match without its type word? Provinces always; former districts and current
        communes unless the name also exists elsewhere or is a common proper noun; former communes never."""
        if level in ("province", "former_province"):
            return True
        if level == "former_commune" or short_l in _BARE_STOP:
            return False
        return short_l not in elsewhere

    def _add(self, alias: str, entry: _Entry) -> None:
        node = self._trie
        for _, _, s in syllables(nfc(alias)):
            node = node.setdefault(s.lower(), {})
        bucket = node.setdefault(None, [])
        if entry not in bucket:
            bucket.append(entry)

    def _longest(self, syls: list[tuple[int, int, str]], i: int) -> tuple[int, list[_Entry]]:
        node = self._trie
        best_j, best = -1, []
        j = i
        while j < len(syls):
            # a match may not run across a newline
            if j > i and "\n" in self._text[syls[j - 1][1]:syls[j][0]]:
                break
            node = node.get(syls[j][2].lower())
            if node is None:
                break
            j += 1
            if None in node:
                ok = [e for e in node[None] if all(_is_cap(syls[i + c][2]) for c in e.caps)]
                if ok:
                    best_j, best = j, ok
        return best_j, best

    def _title_before(self, syls: list[tuple[int, int, str]], k: int) -> str | None:
        """Title ending right before syllable k, if any."""
        for n in range(4, 0, -1):
            if k - n < 0:
                continue
            node = self._titles
            for s in syls[k - n:k]:
                node = node.get(s[2]) if node is not None else None
            if node is not None and None in node:
                return node[None]
        return None

    def find(self, text: str) -> list[Mention]:
        """All rule mentions in normalised ``text``, non-overlapping, left to right."""
        self._text = text
        syls = syllables(text)
        out: list[Mention] = []
        i = 0
        taken_until = 0
        while i < len(syls):
            j, entries = self._longest(syls, i)
            if j < 0:
                i += 1
                continue
            e = min(entries, key=lambda x: x.priority)
            s, end = syls[i][0], syls[j - 1][1]
            if (e.label == "LOC" and e.caps and e.caps[0] == 0 and i > 0
                    and (syls[i - 1][2] in _NAME_PARTS or syls[i - 1][2] in _KIN)
                    and syls[i][0] - syls[i - 1][1] == 1):
                # "Nguyễn Hòa Bình", "Lê Văn Phú Thọ": part of a person's name, not a place
                i += 1
                continue
            meta = dict(e.meta)
            if len({x.canonical_id for x in entries if x.priority == e.priority}) > 1:
                meta["ambiguous"] = sorted({x.canonical_id for x in entries if x.priority == e.priority})
            if j - i > 1 and syls[j - 1][2].lower() == "cũ":
                end = syls[j - 2][1]  # "Vĩnh Phúc cũ": resolved to the former unit, "cũ" left outside
            out.append(Mention(s, end, e.label, text[s:end], e.canonical_id, e.kind, "rules", meta))
            taken_until = j
            i = j
        out = self._merge_generic(out, text)
        out = self._org_heads(syls, out, text)
        out += self._title_people(syls, out, taken_until)
        out.sort(key=lambda m: m.start)
        return out

    def _merge_generic(self, ms: list[Mention], text: str) -> list[Mention]:
        """'UBND tỉnh' + province name -> one ORG span (the province's own agency or another province's)."""
        res: list[Mention] = []
        k = 0
        while k < len(ms):
            m = ms[k]
            nxt = ms[k + 1] if k + 1 < len(ms) else None
            if (m.kind in ("generic_agency", "agency") and nxt is not None and nxt.label == "LOC"
                    and text[m.end:nxt.start].strip() in ("", ",") and "\n" not in text[m.end:nxt.start]
                    and nxt.kind in ("province", "former_province", "other_province", "commune",
                                     "former_district", "former_commune", "confusable")):
                if m.kind == "agency":  # "Sở Y tế Phú Thọ" already specific; keep both
                    res.append(m)
                    k += 1
                    continue
                agency_id = m.meta.get("agency")
                if nxt.kind in ("province", "former_province") and agency_id:
                    cid = agency_id
                    kind = "agency"
                else:
                    cid = f"org:vn:{slug(text[m.start:nxt.end])}"
                    kind = "agency_elsewhere" if nxt.kind in ("other_province", "confusable") else "local_agency"
                    if kind == "local_agency":
                        cid = f"org:local:{slug(text[m.start:nxt.end])}"
                merged = Mention(m.start, nxt.end, "ORG", text[m.start:nxt.end], cid, kind, "rules",
                                 {"place": nxt.canonical_id, **nxt.meta})
                res.append(merged)
                k += 2
                continue
            if not m.meta.get("require_place"):
                res.append(m)
            k += 1
        return res

    def _org_heads(self, syls: list[tuple[int, int, str]], ms: list[Mention], text: str) -> list[Mention]:
        """Organisation heads: "Công ty TNHH Hóa chất Sông Thao", "Bệnh viện Đa khoa TP Hà Nội",
        "Ban Quản lý các khu công nghiệp tỉnh Phú Thọ" -> one ORG span.

        A capitalised head word, then at most 9 syllables on the same line ending either in a place
        mention right after them (the ORG absorbs it) or, for companies, in capitalised syllables."""
        starts = [x[0] for x in syls]
        by_start = {m.start: m for m in ms}
        covered = sorted((m.start, m.end) for m in ms)
        cstarts = [c[0] for c in covered]

        def inside(pos: int) -> bool:
            k = bisect_left(cstarts, pos + 1) - 1
            return k >= 0 and covered[k][0] <= pos < covered[k][1]

        new: list[Mention] = []
        drop: set[int] = set()
        n = len(syls)
        i = 0
        while i < n:
            head_len = self._org_head_at(syls, i)
            if not head_len or inside(syls[i][0]):
                i += 1
                continue
            j = i + head_len
            found: tuple[int, Mention | None] | None = None
            head = tuple(x[2] for x in syls[i:j])
            if head in _COMPANY_HEADS:
                # "Công ty [TNHH|CP] Hóa chất Sông Thao": capitalised syllables, single lower-case ones
                # between them, place names included ("Công ty CP May Hòa Bình Xanh")
                k = j
                while k < n and syls[k][2] in _COMPANY_FORMS:
                    k += 1
                e, last_cap = k, -1
                while e < n and e - k < 8 and syls[e][2].isalnum() and syls[e][0] - syls[e - 1][1] <= 1:
                    if syls[e][2][:1].isupper() or syls[e][2][:1].isdigit():
                        last_cap = e
                    elif last_cap < e - 1:
                        break
                    e += 1
                if last_cap >= k:
                    found = (syls[last_cap][1], None)
            elif j < n and syls[j][2][:1].isupper():
                lower = 0
                while j < n and j - i <= 10:
                    st = syls[j][0]
                    if "\n" in text[syls[j - 1][1]:st] or syls[j][2] in (",", ".", ";", ":", "(", ")", '"', "“", "”"):
                        break
                    if syls[j][2] in _ORG_STOP or (syls[j][2].islower() and (lower := lower + 1) > 5):
                        break
                    m = by_start.get(st)
                    if m is not None:
                        if m.label == "LOC" and m.kind != "country":
                            found = (m.end, m)
                        break
                    j += 1
            if found is None:
                i += 1
                continue
            end, place = found
            span = text[syls[i][0]:end]
            if place is not None:
                drop.add(place.start)
                elsewhere = place.kind in ("other_province", "confusable")
                kind = "agency_elsewhere" if elsewhere else "local_agency"
                cid = f"org:{'vn' if elsewhere else 'local'}:{slug(span)}"
                meta: dict[str, Any] = {"place": place.canonical_id, **place.meta}
            else:
                kind, cid, meta = "company", f"org:company:{slug(span)}", {}
            new.append(Mention(syls[i][0], end, "ORG", span, cid, kind, "rules", meta))
            i = bisect_left(starts, end)
        if not new:
            return ms
        keep = [m for m in ms if m.start not in drop
                and not any(x.start <= m.start and m.end <= x.end or (m.start < x.start < m.end) for x in new)]
        return sorted(keep + new, key=lambda m: m.start)

    def _org_head_at(self, syls: list[tuple[int, int, str]], i: int) -> int:
        if syls[i][2] not in _ORG_HEAD_FIRST:
            return 0
        for head in _ORG_HEADS:
            k = len(head)
            if i + k <= len(syls) and tuple(x[2] for x in syls[i:i + k]) == head:
                return k
        return 0

    def _title_people(self, syls: list[tuple[int, int, str]], ms: list[Mention], _t: int) -> list[Mention]:
        """Surname + 1-3 capitalised syllables right after a title, or after title + agency/place."""
        starts = [x[0] for x in syls]
        occupied = [False] * len(syls)
        for m in ms:
            k = bisect_left(starts, m.start)
            while k < len(syls) and syls[k][0] < m.end:
                occupied[k] = True
                k += 1
        ends = {m.end: m for m in ms}
        index_of_start = {x[0]: i for i, x in enumerate(syls)}
        out: list[Mention] = []
        n = len(syls)
        k = 0
        while k < n:
            st, _en, s = syls[k]
            if s not in SURNAMES or occupied[k]:
                k += 1
                continue
            j = k + 1
            while (j < n and j - k < 4 and syls[j][2][:1].isupper() and syls[j][2].isalpha()
                   and syls[j][0] - syls[j - 1][1] == 1 and not occupied[j]):
                j += 1
            if j - k < 2:
                k += 1
                continue
            title = self._title_before(syls, k)
            via = None
            if title is None:
                prev = ends.get(st - 1) or ends.get(st)
                if prev is not None and prev.label in ("ORG", "LOC"):
                    pk = index_of_start.get(prev.start)
                    if pk is not None:
                        title = self._title_before(syls, pk)
                        via = prev.canonical_id
            if title is None:
                k += 1
                continue
            s0, e0 = syls[k][0], syls[j - 1][1]
            out.append(Mention(s0, e0, "PER", self._text[s0:e0], None, "title_rule", "rules",
                               {"title": title, "org": via}))
            k = j
        return out


@lru_cache(maxsize=1)
def _landmarks() -> list[dict[str, Any]]:
    import csv

    from common.errors import DataError
    from nlp.settings import get_settings

    path = get_settings().data_dir / "landmarks.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, csv.Error) as e:
        raise DataError(f"cannot read {path}: {e}") from e
    return [{"id": r["id"], "place_id": r["place_id"],
             "aliases": [nfc(a) for a in r["aliases"].split("|") if a.strip()]} for r in rows]


def _caps(first: int, n: int) -> tuple[int, ...]:
    return tuple(range(first, first + n)) if first >= 0 else (0,)


def _find_sub(seq: list[str], sub: list[str]) -> int:
    for i in range(len(seq) - len(sub) + 1):
        if [x.lower() for x in seq[i:i + len(sub)]] == [x.lower() for x in sub]:
            return i
    return -1


@lru_cache(maxsize=2)
def rule_matcher(gazetteer_dir: str | None = None) -> RuleMatcher:
    """The cached matcher (building it reads the gazetteer and underthesea's national mapping once)."""
    return RuleMatcher(gazetteer_dir)


def with_canonical(m: Mention) -> Mention:
    """Give entities without a known id a deterministic slug id (``ner:loc:ha-noi``)."""
    if m.canonical_id or m.kind == "generic_agency":
        return m
    return replace(m, canonical_id=f"ner:{m.label.lower()}:{slug(m.text)}")


__all__ = ["Mention", "RuleMatcher", "rule_matcher", "slug", "syllables", "with_canonical", "PROVINCE_ID"]
