"""Which units an alert concerns, why, and by when they must answer. Pure functions, no database.

A commune's unit gets an alert when the alert is about its place, or the items of the alert's story mention its
place, a place that is part of it, or a former place that became it (2025 reform); a department gets it when the
alert's topic or organisation is on its watchlist, or when a keyword of its watchlist is in the alert's or the
story's title. The information department gets every alert at ``info_min_level`` or above.

>>> ward = UnitWatch("unit:place:1", "Phường A", "commune", places={"place:1": "Phường A", "place:former:9": "Xã B"})
>>> health = UnitWatch("unit:org:y", "Sở Y tế", "department", topics={"health": "Y tế"})
>>> info = UnitWatch("unit:org:i", "Sở VHTTDL", "department")
>>> alert = AlertFacts("al1", level=3, mentioned_places=("place:former:9",), topics=("health",))
>>> [(r.unit_id, r.reasons) for r in route_alert(alert, [ward, health, info], info_unit_id="unit:org:i")]
... # doctest: +NORMALIZE_WHITESPACE
[('unit:place:1', ('tin nhắc đến Xã B (nay thuộc Phường A)',)),
 ('unit:org:y', ('chủ đề Y tế thuộc lĩnh vực theo dõi',)),
 ('unit:org:i', ('cảnh báo mức 3: cơ quan quản lý thông tin luôn nhận',))]
>>> response_deadline(4, datetime(2025, 8, 15, 9, 0), {4: 2.0, 3: 6.0})
datetime.datetime(2025, 8, 15, 11, 0)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from nlp.normalize import nfc

DEFAULT_DEADLINE_HOURS: dict[int, float] = {4: 2.0, 3: 6.0, 2: 24.0}


@dataclass(frozen=True, slots=True)
class UnitWatch:
    """A unit and its watchlist. ``places`` / ``topics`` / ``orgs`` map an id to the name shown in reasons;
    ``own_places`` are the unit's own current place(s) (others in ``places`` are former names or parts)."""

    id: str
    name: str
    kind: str  # commune | department
    places: Mapping[str, str] = field(default_factory=dict)
    topics: Mapping[str, str] = field(default_factory=dict)
    orgs: Mapping[str, str] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()
    own_places: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class AlertFacts:
    """What routing needs to know about one alert: its level, its subject (a place, topic or organisation it is
    ABOUT) and, for an alert on a story, what the story's items mention."""

    id: str
    level: int
    subject_label: str | None = None  # place | topic | entity | outlet | story | all | ...
    subject_id: str | None = None
    mentioned_places: tuple[str, ...] = ()
    mentioned_orgs: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()  # the alert's and the story's titles (for keywords)


@dataclass(frozen=True, slots=True)
class Route:
    alert_id: str
    unit_id: str
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", nfc(text).lower())) + " "


def keyword_hits(keywords: Iterable[str], texts: Iterable[str]) -> list[str]:
    """The keywords found in the texts as whole syllables (NFC, case-insensitive).

    >>> keyword_hits(["tin giả", "giả"], ["Lan truyền TIN GIẢ về dịch bệnh"])
    ['tin giả', 'giả']
    >>> keyword_hits(["đê"], ["Đền Hùng đông khách"])
    []
    """
    hay = "".join(_words(t) for t in texts)
    return [k for k in keywords if k.strip() and _words(k) in hay]


def _place_reason(unit: UnitWatch, pid: str, *, about: bool) -> str:
    name = unit.places.get(pid, pid)
    if pid in unit.own_places:
        return f"cảnh báo về địa bàn {name}" if about else f"tin nhắc đến địa bàn {name}"
    return (f"cảnh báo về {name} (nay thuộc {unit.name})" if about
            else f"tin nhắc đến {name} (nay thuộc {unit.name})")


def route_alert(alert: AlertFacts, units: Sequence[UnitWatch], *, info_unit_id: str | None,
                info_min_level: int = 3) -> list[Route]:
    """The units ``alert`` concerns, each with its reasons (Vietnamese), in the order of ``units``."""
    about_place = alert.subject_id if alert.subject_label == "place" else None
    about_topic = alert.subject_id if alert.subject_label == "topic" else None
    about_org = alert.subject_id if alert.subject_label == "entity" else None
    mentioned = dict.fromkeys(alert.mentioned_places)
    topics = dict.fromkeys(alert.topics)
    orgs = dict.fromkeys(alert.mentioned_orgs)
    out = []
    for u in units:
        reasons: list[str] = []
        if about_place and about_place in u.places:
            reasons.append(_place_reason(u, about_place, about=True))
        own_first = sorted((p for p in mentioned if p in u.places and p != about_place),
                           key=lambda p: (p not in u.own_places, p))
        if own_first:
            reasons.append(_place_reason(u, own_first[0], about=False))
        if about_topic and about_topic in u.topics:
            reasons.append(f"cảnh báo về chủ đề {u.topics[about_topic]} thuộc lĩnh vực theo dõi")
        for t in topics:
            if t in u.topics and t != about_topic:
                reasons.append(f"chủ đề {u.topics[t]} thuộc lĩnh vực theo dõi")
                break
        if about_org and about_org in u.orgs:
            reasons.append(f"cảnh báo về {u.orgs[about_org]}")
        for o in orgs:
            if o in u.orgs and o != about_org:
                reasons.append(f"tin nhắc đến {u.orgs[o]}")
                break
        hits = keyword_hits(u.keywords, alert.texts)
        if hits:
            reasons.append(f"từ khóa theo dõi: {', '.join(hits[:3])}")
        if u.id == info_unit_id and alert.level >= info_min_level:
            reasons.append(f"cảnh báo mức {alert.level}: cơ quan quản lý thông tin luôn nhận")
        if reasons:
            out.append(Route(alert.id, u.id, tuple(reasons)))
    return out


def response_deadline(level: int, routed_at: datetime, hours_by_level: Mapping[int, float]) -> datetime | None:
    """When a unit must have acknowledged an alert of ``level`` routed at ``routed_at`` (None: no deadline).

    >>> response_deadline(1, datetime(2025, 8, 15, 9, 0), DEFAULT_DEADLINE_HOURS) is None
    True
    """
    hours = hours_by_level.get(int(level))
    if hours is None or hours <= 0:
        return None
    return routed_at + timedelta(hours=float(hours))


def is_overdue(deadline: datetime | None, acknowledged_at: datetime | None, now: datetime) -> bool:
    """A route is overdue when its deadline has passed and nobody acknowledged it by then.

    >>> d = datetime(2025, 8, 15, 11, 0)
    >>> is_overdue(d, None, d), is_overdue(d, None, d - timedelta(seconds=1)), is_overdue(None, None, d)
    (True, False, False)
    >>> is_overdue(d, datetime(2025, 8, 15, 10, 0), d + timedelta(hours=5))
    False
    """
    if deadline is None or now < deadline:
        return False
    return acknowledged_at is None or acknowledged_at > deadline


def response_minutes(routed_at: datetime, acknowledged_at: datetime | None) -> float | None:
    """Minutes from routing to acknowledgement (None while unacknowledged).

    >>> response_minutes(datetime(2025, 8, 15, 9, 0), datetime(2025, 8, 15, 10, 30))
    90.0
    """
    if acknowledged_at is None:
        return None
    return round((acknowledged_at - routed_at).total_seconds() / 60.0, 1)


def backoff_delay(attempts: int, *, base_s: float, cap_s: float) -> timedelta:
    """The wait before the next delivery attempt after ``attempts`` failed ones: ``base · 2^(attempts-1)``, capped.

    >>> [backoff_delay(n, base_s=60, cap_s=600).total_seconds() for n in (1, 2, 3, 4, 5)]
    [60.0, 120.0, 240.0, 480.0, 600.0]
    """
    n = max(1, int(attempts))
    return timedelta(seconds=min(cap_s, base_s * (2 ** min(n - 1, 30))))
