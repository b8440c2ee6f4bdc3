"""Does an article concern the province? One function, :func:`assess`, with its decision and reasons.

It uses the NLP side's gazetteer-backed entity matcher (``nlp.entities``), which knows the 2025 units,
former provinces/districts/communes, provincial agencies and the confusable names elsewhere (Phúc Thọ in
Hà Nội, phường Phú Thọ in TP.HCM, "hòa bình" the common noun). Mentions in the title count double; a
commune-level name followed closely by another province's name is discarded as a same-name place."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_WEIGHTS = {"province": 1.0, "former_province": 1.0, "former_district": 0.8, "district": 0.8,
            "commune": 0.6, "former_commune": 0.5, "agency": 1.0}


@dataclass(frozen=True, slots=True)
class RelevanceDecision:
    concerns: bool
    score: float
    reasons: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _matcher():
    from nlp.entities import rule_matcher

    return rule_matcher()


# the province's own places, as nlp/gazetteer.py names them: the province, its commune-level units
# (``place:<5-digit code>``), former communes, districts and provinces. Any other ``place:`` id (another
# province ``place:vn:…``, a country ``place:world:…``) and unresolved NER places (``ner:loc:…``) are not ours.
_PROVINCE_PLACE = re.compile(r"place:(?:province:25|\d{5}|former:\d+|former-district:\d+|former-province:\d+)")


def _in_province(canonical_id: str | None, kind: str) -> bool:
    if not canonical_id or kind in ("other_province", "confusable"):
        return False
    return canonical_id.startswith("org:pt:") or _PROVINCE_PLACE.fullmatch(canonical_id) is not None


def _weight(kind: str, canonical_id: str) -> float:
    if canonical_id.startswith("org:pt:"):
        return _WEIGHTS["agency"]
    for k, w in _WEIGHTS.items():
        if k in kind:
            return w
    return 0.5


def _elsewhere(canonical_id: str | None, kind: str) -> bool:
    return kind in ("other_province", "agency_elsewhere", "confusable") or \
        bool(canonical_id and canonical_id.startswith(("place:vn:", "org:vn:")))


_STRONG_KINDS = ("province", "former_province", "agency")


def assess(title: str | None, lead: str | None, text: str | None, *, threshold: float | None = None
           ) -> RelevanceDecision:
    """The one relevance decision the crawler uses: ``nlp.relevance`` (the NLP side's scorer, with reasons)
    when it is installed, else the gazetteer rule below (:func:`assess_gazetteer`)."""
    try:
        from nlp.relevance import THRESHOLD, relevance
    except ImportError:
        return assess_gazetteer(title, lead, text, threshold=threshold or 1.0)
    joined = "\n".join(x for x in (title, lead, text) if x)
    r = relevance(joined)
    limit = THRESHOLD if threshold is None else threshold
    return RelevanceDecision(concerns=r["score"] >= limit, score=round(float(r["score"]), 3),
                             reasons=["nlp.relevance", *list(r.get("reasons", []))[:19]])


def assess_gazetteer(title: str | None, lead: str | None, text: str | None, *, threshold: float = 1.0
                     ) -> RelevanceDecision:
    """Score the article's mentions of the province's places and agencies; ``concerns`` when score ≥ threshold.

    Commune and district names also exist in other provinces: when the article names another province (or
    its agencies) and nothing province-level of ours, such mentions count a quarter."""
    matcher = _matcher()
    found: list[tuple[object, float]] = []
    elsewhere: list[str] = []
    skipped: list[str] = []
    for part, factor in ((title, 2.0), (lead, 1.0), (text, 1.0)):
        if not part:
            continue
        mentions = matcher.find(part)
        for i, m in enumerate(mentions):
            if _elsewhere(m.canonical_id, m.kind):
                elsewhere.append(m.text)
                continue
            if not _in_province(m.canonical_id, m.kind):
                continue
            nxt = mentions[i + 1] if i + 1 < len(mentions) else None
            if nxt is not None and _elsewhere(nxt.canonical_id, nxt.kind) and nxt.start - m.end <= 12 and \
                    "commune" in m.kind:
                skipped.append(f"bỏ qua '{m.text}': cùng tên địa danh ở {nxt.text}")
                continue
            found.append((m, factor))
    strong = any((m.canonical_id or "").startswith("org:pt:") or any(k == m.kind for k in _STRONG_KINDS)
                  for m, _ in found)
    discount = 0.25 if elsewhere and not strong else 1.0
    score = 0.0
    reasons: list[str] = []
    seen: set[str] = set()
    for m, factor in found:
        key = m.canonical_id or m.text
        if key in seen:
            continue
        seen.add(key)
        w = _weight(m.kind, m.canonical_id or "") * factor * discount
        score += w
        reasons.append(f"'{m.text}' → {m.canonical_id} (+{w:.2f})")
    if discount < 1.0 and found:
        reasons.append(f"địa danh có thể trùng tên: bài nhắc tới {', '.join(dict.fromkeys(elsewhere))}")
    reasons.extend(dict.fromkeys(skipped))
    return RelevanceDecision(concerns=score >= threshold, score=round(score, 2), reasons=reasons[:20])
