"""Province relevance: a score in [0, 1] with reasons, telling Phú Thọ apart from confusable names.

Evidence comes from the rule matcher's mentions (nlp.entities):

* strong: the province by name ("tỉnh Phú Thọ", bare "Phú Thọ"), a former province ("Vĩnh Phúc", "Hòa Bình"
  capitalised — "hòa bình" as "peace" is lower-case and never matched), the province's agencies;
* medium: a former district, a current or former commune whose name exists in no other province;
* weak: a commune name that also exists elsewhere (71 names, from underthesea's national 2025 table);
  it turns NEGATIVE when the same sentence names another province ("xã Tân Lập, tỉnh Đồng Nai");
* "phường Phú Thọ" next to TP.HCM / Quận 11 is Hồ Chí Minh City's ward; "Phúc Thọ" is Hà Nội's: both
  are reported as confusables and count nothing;
* generic agencies ("UBND tỉnh", "Sở Y tế") only add when there is already province evidence;
* other provinces dilute the score (a national round-up that lists the province once scores lower).

Evidence in the first 300 characters (title and lead) weighs 1.5×; repeated mentions of the same thing add
less and less. ``score = raw / (raw + 2.5)`` times a share factor; with only ambiguous evidence (shared
names, round-up lists) the score stays below the threshold. ``relevant`` is ``score >= THRESHOLD``.

>>> r = relevance("Phú Thọ: Khởi công cầu mới tại xã Tam Nông")
>>> r["relevant"], r["score"] > 0.5
(True, True)
>>> relevance("Người dân mong hòa bình")["relevant"]
False
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from nlp.entities import Mention, rule_matcher
from nlp.normalize import nfc
from nlp.relevance_extra import extra_evidence

THRESHOLD = 0.5
_HEAD = 300
_HCMC_CONTEXT = re.compile(r"TP\.? ?HCM|Hồ Chí Minh|Sài Gòn|Quận 11|quận 11|Q\.11|Lữ Gia|Đầm Sen", re.IGNORECASE)
_SENT_BREAK = re.compile(r"[.!?\n]")
_DISTRICT_WORD = re.compile(r"(huyện|thị xã|thành phố|tp\.?)\s*", re.IGNORECASE)
_CITY_WORD = re.compile(r"(thị xã|thành phố|tp\.?)\s*", re.IGNORECASE)
_OUR_PROVINCES = re.compile(r"(?:tỉnh|Tỉnh)\s+(?:Phú Thọ|Vĩnh Phúc|Hòa Bình)|\((?:Phú Thọ|Vĩnh Phúc|Hòa Bình)\)"
                            r"|, (?:Phú Thọ|Vĩnh Phúc|Hòa Bình)\b")
_W_LEVEL = {"province": 3.0, "former_province": 2.5, "former_district": 2.0, "commune": 1.5,
            "former_commune": 1.0}
_W_LANDMARK = 2.5
_NATIONAL_SYMBOLS = frozenset({"landmark:den-hung"})
_OUR_NAMES = ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình")
_LIST_SHAPE = re.compile(r"(?:Phú Thọ|Vĩnh Phúc|Hòa Bình), [A-ZĐÀ-Ỹ]")
_COMPANY_BEFORE = re.compile(r"(?:tập đoàn|công ty|Công ty|Tập đoàn|ngân hàng|Ngân hàng)"
                             r"(?:\s+[^\s,.;:()]+){0,5}\s+$")
_PLACE_PREP = re.compile(r"\b(?:tại|ở|của|trên|địa bàn|tỉnh|về)\s+$")
_HCMC_FACILITY = re.compile(r"(?:sân vận động|SVĐ|nhà thi đấu|trường đua|vòng xoay|ngã tư|chợ|đường|phường)\s+$",
                            re.IGNORECASE)
_READER_SIGNATURE = re.compile(r"\s*\)")
_READER_BEFORE = re.compile(r"[?.]\s*\([A-ZĐÀ-Ỹ][^()\n,]{1,30},\s*$")


_DISTRICT_NAMES: dict[int, frozenset[str]] = {}


def _district_names(g: Any) -> frozenset[str]:
    """Lower-case short names of the former districts (cached per gazetteer object)."""
    key = id(g.places)
    if key not in _DISTRICT_NAMES:
        _DISTRICT_NAMES[key] = frozenset(str(p["short"]).lower() for p in g.places.values()
                                         if p["level"] == "former_district")
    return _DISTRICT_NAMES[key]


def p_short(m: Mention, p: dict[str, Any] | None) -> str:
    return str(p["short"]) if p else m.text


# the stored reason that names other provinces; read/warning_mentions.cypher tests this prefix (positive evidence
# that an item is about somewhere else)
OTHER_PROVINCES_REASON = "other provinces: "

def _sentence(text: str, start: int, end: int) -> str:
    a = max((m.end() for m in _SENT_BREAK.finditer(text, max(0, start - 400), start)), default=max(0, start - 400))
    m = _SENT_BREAK.search(text, end, end + 400)
    return text[a:m.start() if m else min(len(text), end + 400)]


def _as_mentions(items: Iterable[Mention | dict[str, Any]], text: str) -> list[Mention]:
    out = []
    for it in items:
        if isinstance(it, Mention):
            out.append(it)
        else:
            out.append(Mention(it["start"], it["end"], it["label"], text[it["start"]:it["end"]],
                               it.get("canonical_id"), it.get("kind", ""), it.get("source", "rules"),
                               dict(it.get("meta") or {})))
    return out


def relevance(text: str, mentions: Iterable[Mention | dict[str, Any]] | None = None) -> dict[str, Any]:
    """Score how much normalised ``text`` is about the province; ``mentions`` default to the rule matcher's."""
    text = text if mentions is not None else nfc(text)
    ms = _as_mentions(mentions, text) if mentions is not None else rule_matcher().find(text)
    g = rule_matcher().gazetteer
    raw = 0.0
    ours = 0
    others: dict[str, int] = {}
    reasons: list[str] = []
    seen_reason: set[str] = set()
    generic = 0
    n_strong = 0
    seen_count: dict[str, int] = {}

    n_anchor = 0  # strong evidence that names the province, its bodies or an address in it (not a bare place)

    def add(reason: str, w: float, *, strong: bool = True, bare: bool = False) -> None:
        nonlocal raw, n_strong, n_anchor
        if w > 0:
            # repeated mentions of the same thing add less and less
            n_seen = seen_count.get(reason, 0)
            seen_count[reason] = n_seen + 1
            w = w if n_seen == 0 else w * 0.3 / n_seen
            n_strong += strong
            n_anchor += strong and not bare
        raw += w
        if reason not in seen_reason:
            seen_reason.add(reason)
            reasons.append(reason)

    for m in ms:
        head = 1.5 if m.start < _HEAD else 1.0
        cid = m.canonical_id or ""
        if m.kind == "other_province" or m.kind == "agency_elsewhere":
            name = str(m.meta.get("province") or m.text)
            others[name] = others.get(name, 0) + 1
            continue
        if m.kind == "confusable":
            key = f"confusable: {m.text} ({m.meta.get('province', 'tỉnh khác')})"
            if key not in seen_reason:
                seen_reason.add(key)
                reasons.append(key)
            continue
        if m.kind == "generic_agency":
            generic += 1
            continue
        if m.label == "ORG" and cid.startswith("org:pt:"):
            ours += 1
            add(f"agency: {m.text}", 3.0 * head)
            continue
        if m.label == "PER" and cid.startswith("person:"):
            ours += 1
            add(f"office-holder: {m.text}", 2.0 * head)
            continue
        if m.label == "ORG" and m.kind == "local_agency":
            place = str(m.meta.get("place") or "")
            p = g.places.get(place)
            if p is not None:
                short = p["short"].lower()
                amb = short in g.elsewhere and p["level"] not in ("province", "former_province")
                w = 3.0 if p["level"] in ("province", "former_province") else 0.7 if amb else 1.5
                ours += 1
                add(f"local agency: {m.text}" + (" (tên trùng tỉnh khác)" if amb else ""), w * head, strong=not amb)
            continue
        if m.kind == "landmark":
            ours += 1
            w = 1.5 if cid in _NATIONAL_SYMBOLS else _W_LANDMARK  # Đền Hùng: the whole country's pilgrimage
            add(f"landmark: {m.text}", w * head, bare=True)
            continue
        if m.label != "LOC" or m.kind not in _W_LEVEL:
            continue
        p = g.places.get(cid)
        short = (p["short"] if p else m.text).lower()
        sent = _sentence(text, m.start, m.end)
        if m.kind in ("province", "former_province"):
            before = text[max(0, m.start - 60):m.start]
            hcmc = _HCMC_CONTEXT.search(sent) or _HCMC_CONTEXT.search(text[m.end:m.end + 40])
            if m.text == "Phú Thọ" and _HCMC_FACILITY.search(before) and hcmc:
                key = f"confusable: {m.text} (TP.HCM)"  # "Sân vận động Phú Thọ (TP.HCM)", "vòng xoay Phú Thọ"
                if key not in seen_reason:
                    seen_reason.add(key)
                    reasons.append(key)
                continue
            if (_COMPANY_BEFORE.search(before) and not m.text.lower().startswith("tỉnh")
                    and not _PLACE_PREP.search(before)):
                continue  # "công ty cổ phần tập đoàn Xây dựng Hòa Bình": a company, not the province
            if _READER_SIGNATURE.match(text, m.end) and _READER_BEFORE.search(before):
                ours += 1
                add(f"reader's signature: {m.text}", 0.5, strong=False)  # "(Ngọc Phương, Phú Thọ)" under a Q&A
                continue
            ours += 1
            n_listed = sum(1 for o in g.other_provinces.values() if o[1] in sent)
            # another of our three names in the same list counts too ("Hòa Bình, Vĩnh Phúc, Quảng Ninh…")
            n_ours_too = sum(1 for o in _OUR_NAMES if o != p_short(m, p) and o in sent)
            if n_listed >= 2 or (n_listed >= 1 and n_ours_too and _LIST_SHAPE.search(sent)):
                n_listed += n_ours_too
                # "Hà Nội, Hòa Bình, Phú Thọ, Thái Nguyên..." — a national round-up
                add(f"listed with {n_listed} other provinces: {m.text}", 0.6, strong=False)
                continue
            add(f"{'province' if m.kind == 'province' else 'former province'}: {m.text}", _W_LEVEL[m.kind] * head)
            continue
        # commune / district level
        if short == "phú thọ" and _HCMC_CONTEXT.search(sent):
            key = f"confusable: {m.text} (TP.HCM)"
            if key not in seen_reason:
                seen_reason.add(key)
                reasons.append(key)
            continue
        if (m.kind == "former_district" and p is not None and _CITY_WORD.match(m.text)
                and str(p["name"]).startswith(("Thành phố", "Thị xã"))):
            elsewhere = []  # "TP.Hòa Bình", "thị xã Phú Thọ": no other province had a city / town of that name
        elif m.kind == "former_district" and _DISTRICT_WORD.match(m.text):
            elsewhere = g.elsewhere_district.get(short, [])
        else:
            elsewhere = g.elsewhere.get(short, [])
        # an address chain right after the name ("xã Phú Mỹ, huyện Yên Lập, tỉnh Phú Thọ") settles it
        chain = _OUR_PROVINCES.search(text[m.end:m.end + 60].split(".")[0]) is not None
        ours_in_sent = chain or _OUR_PROVINCES.search(sent) is not None
        other_in_sent = [o for o in g.other_provinces.values() if o[1] in sent]
        if elsewhere and other_in_sent and not ours_in_sent:
            add(f"ambiguous: {m.text} also in {', '.join(elsewhere[:3])}; sentence names {other_in_sent[0][1]}",
                -1.0)
            continue
        if ours_in_sent:
            ours += 1
            add(f"address in the province: {m.text}", 2.0)
            continue
        w = _W_LEVEL[m.kind] * (0.35 if elsewhere else 1.0)
        if not elsewhere and m.kind == "commune" and short in _district_names(g):
            w = _W_LEVEL["former_district"]  # "Mai Châu", "Tam Đảo": a commune now, a well-known district before
        ours += 1
        add(f"{m.kind.replace('_', ' ')}: {m.text}" + (" (tên trùng tỉnh khác)" if elsewhere else ""), w * head,
            strong=not elsewhere, bare=True)
    taken = [(m.start, m.end) for m in ms]
    for x in extra_evidence(text):
        if any(a < x.end and x.start < b for a, b in taken):
            continue  # the rule matcher has already counted this span
        taken.append((x.start, x.end))
        if x.other:
            others[x.other] = others.get(x.other, 0) + 1
            continue
        if x.weight > 0:
            ours += 1
        add(x.reason, x.weight * (1.5 if x.start < _HEAD else 1.0), strong=x.strong, bare=not x.anchor)
    if raw > 0 and generic:
        add(f"generic agencies x{generic} (UBND tỉnh, Sở ...)", min(generic, 3) * 0.5, strong=False)
    n_other = sum(others.values())
    if others:
        reasons.append(OTHER_PROVINCES_REASON + ", ".join(f"{k} x{v}" for k, v in sorted(others.items())[:6]))
    raw = max(raw, 0.0)
    score = raw / (raw + 2.5)
    if ours and n_other:
        share = ours / (ours + n_other)
        score *= 0.75 + 0.25 * share
    if n_anchor == 0 and len(others) >= 3 and score >= THRESHOLD:
        # bare place names ("Mai Châu, chùa Địa Tạng, Sa Pa…") among many other provinces: a national round-up
        score = THRESHOLD - 0.05
        reasons.append(f"only bare place names among {len(others)} other provinces")
    if n_strong == 0 and score > 0:
        # only names shared with other provinces (or round-up lists): never enough on their own
        score = min(score, THRESHOLD - 0.05) * (0.5 if n_other else 1.0)
        reasons.append("only ambiguous evidence")
    score = round(min(max(score, 0.0), 1.0), 4)
    return {"score": score, "relevant": score >= THRESHOLD, "reasons": reasons,
            "evidence": {"ours": ours, "other_provinces": n_other, "generic_agencies": generic}}
