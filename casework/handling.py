"""Handling recommendations for stories, inspectors' decisions, and time to refutation. Pure functions.

Each story gets one recommendation with its reasons (Vietnamese):

* ``refute`` (bác bỏ): refuted by a linked official or press item (REFUTES, casework/refutation.py), or judged
  false or unverified by an inspector and still spreading;
* ``limit`` (hạn chế): refuted or judged false but still spreading fast (ask platforms to limit it while the
  refutation catches up), or negative with low reach;
* ``crisis_response`` (ứng phó khủng hoảng): negative and at crisis level ≥ 3, or fast (at its peak) and
  far-reaching;
* ``amplify`` (lan tỏa): an official refutation of another story, or positive and from an official source;
* ``watch`` (theo dõi): trending, or nothing else applies.

Speed is read twice: ``speed_per_hour`` now, and ``peak_speed_per_hour`` the fastest it has been so far — a crisis
that peaked this morning still needs its response tonight.

An inspector confirms or overrides it; :func:`decide` makes the record (who, when, override).

>>> r = recommend(StoryFacts("s", negative_share=0.8, speed_per_hour=40, reach=500_000, crisis_level=4))
>>> r.action.value, r.reasons[0].startswith("Tin tiêu cực")
('crisis_response', True)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from common.errors import ValidationError
from common.sentiment import Sentiment, label_for
from common.sources import SOURCE_VI


class Handling(StrEnum):
    AMPLIFY = "amplify"
    LIMIT = "limit"
    REFUTE = "refute"
    CRISIS_RESPONSE = "crisis_response"
    WATCH = "watch"


HANDLING_VI = {
    Handling.AMPLIFY: "lan tỏa",
    Handling.LIMIT: "hạn chế",
    Handling.REFUTE: "bác bỏ, đính chính",
    Handling.CRISIS_RESPONSE: "ứng phó khủng hoảng",
    Handling.WATCH: "theo dõi",
}

VERDICTS = ("false", "unverified", "true", "official")


@dataclass(frozen=True, slots=True)
class Thresholds:
    speed_watch: float = 5.0  # items per hour: trending
    speed_fast: float = 20.0  # items per hour: fast
    reach_high: int = 100_000  # followers reached: high reach
    reach_low: int = 10_000  # below this: low reach
    negative: float = 0.5  # negative share above which a story is negative


@dataclass(frozen=True, slots=True)
class StoryFacts:
    story_id: str
    negative_share: float = 0.0
    sentiment: float = 0.0  # mean of the items' signed scores in [-1, 1]; its label per common.sentiment
    speed_per_hour: float = 0.0
    reach: int = 0  # followers of the accounts that posted it (or audience estimate)
    official: bool = False  # published by a government agency, spokesperson or official outlet
    verdict: str | None = None  # false | unverified | true | official
    crisis_level: int = 0
    title: str = ""
    peak_speed_per_hour: float = 0.0  # the fastest window so far (0: unknown, read as speed_per_hour)
    kind: str = "story"  # story | event (a burst of many stories about one place and topic)
    refutations: int = 0  # REFUTES links to it that no inspector undid
    refuted_by: str | None = None  # the class of the first refuting source (common.sources) or "inspector"
    refutes_other: bool = False  # its own items refute another story (an official refutation to spread)


@dataclass(frozen=True, slots=True)
class Recommendation:
    story_id: str
    action: Handling
    reasons: tuple[str, ...]


def _fmt(n: float) -> str:
    return f"{n:,.0f}".replace(",", ".")


def recommend(f: StoryFacts, t: Thresholds = Thresholds()) -> Recommendation:
    """One recommendation with its reasons; the rules are checked in order of urgency."""
    peak = max(f.peak_speed_per_hour, f.speed_per_hour)
    spreading = f.speed_per_hour >= t.speed_watch or f.reach >= t.reach_high
    negative = f.negative_share >= t.negative
    refuted = f.refutations > 0
    if refuted or (f.verdict in ("false", "unverified") and spreading):
        if refuted:
            who = {**SOURCE_VI, "inspector": "thanh tra"}.get(f.refuted_by or "", "nguồn tin cậy")
            what = f"Đã có {f.refutations} tin bác bỏ từ {who} liên kết với câu chuyện"
        else:
            what = "Thông tin đã được xác định " + ("sai sự thật" if f.verdict == "false" else "chưa được kiểm chứng")
        if f.speed_per_hour >= t.speed_fast:
            return Recommendation(f.story_id, Handling.LIMIT, (
                f"{what} nhưng vẫn lan nhanh ({f.speed_per_hour:.1f} mục/giờ, tiếp cận {_fmt(f.reach)} người theo dõi).",
                "Đề nghị nền tảng hạn chế, gỡ bỏ các bài đăng sai; đồng thời lan tỏa tin bác bỏ, đính chính.",
            ))
        return Recommendation(f.story_id, Handling.REFUTE, (
            f"{what}; câu chuyện vẫn còn được nhắc đến ({f.speed_per_hour:.1f} mục/giờ, đỉnh {peak:.1f} mục/giờ, "
            f"tiếp cận {_fmt(f.reach)} người theo dõi).",
            "Cần đăng tin bác bỏ, đính chính từ nguồn chính thống tới những nơi tin sai đã lan tới.",
        ))
    if negative and (f.crisis_level >= 3 or (peak >= t.speed_fast and f.reach >= t.reach_high)):
        scope = "Sự kiện gồm nhiều câu chuyện" if f.kind == "event" else "Tin"
        return Recommendation(f.story_id, Handling.CRISIS_RESPONSE, (
            f"{scope} tiêu cực ({f.negative_share:.0%}) lan nhanh (đỉnh {peak:.1f} mục/giờ, hiện "
            f"{f.speed_per_hour:.1f} mục/giờ) và tiếp cận rộng ({_fmt(f.reach)} người theo dõi, mức cảnh báo "
            f"{f.crisis_level}).",
            "Kích hoạt quy trình ứng phó: báo cáo lãnh đạo, người phát ngôn cung cấp thông tin chính thức.",
        ))
    if f.refutes_other and (f.official or f.verdict == "official"):
        return Recommendation(f.story_id, Handling.AMPLIFY, (
            "Tin bác bỏ, đính chính từ nguồn chính thống cho một câu chuyện sai đang lan truyền.",
            "Nên chia sẻ, lan tỏa trên các kênh của tỉnh để tin đúng tới được những người đã đọc tin sai.",
        ))
    if (f.official or f.verdict == "official") and label_for(f.sentiment) == Sentiment.POSITIVE and not negative:
        return Recommendation(f.story_id, Handling.AMPLIFY, (
            f"Thông tin tích cực (điểm cảm xúc {f.sentiment:+.2f}) từ nguồn chính thống.",
            "Nên chia sẻ, lan tỏa trên các kênh của tỉnh.",
        ))
    if negative and f.reach < t.reach_low and f.speed_per_hour < t.speed_fast:
        return Recommendation(f.story_id, Handling.LIMIT, (
            f"Tin tiêu cực ({f.negative_share:.0%}) nhưng phạm vi tiếp cận thấp "
            f"({_fmt(f.reach)} người theo dõi).",
            "Hạn chế tương tác, không khuếch đại thêm; theo dõi nếu tốc độ tăng.",
        ))
    if f.speed_per_hour >= t.speed_watch:
        return Recommendation(f.story_id, Handling.WATCH, (
            f"Câu chuyện đang được quan tâm ({f.speed_per_hour:.1f} mục/giờ).",
            "Tiếp tục theo dõi diễn biến.",
        ))
    return Recommendation(f.story_id, Handling.WATCH, ("Chưa có dấu hiệu cần xử lý; tiếp tục theo dõi.",))


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    story_id: str
    recommended: str | None
    decided: str
    override: bool
    decided_by: str
    decided_at: datetime
    verdict: str | None = None
    note: str | None = None

    def as_row(self) -> dict:
        return {"id": self.id, "story_id": self.story_id, "recommended": self.recommended, "decided": self.decided,
                "override": self.override, "verdict": self.verdict, "decided_by": self.decided_by,
                "decided_at": self.decided_at.isoformat(), "note": self.note}


def decide(story_id: str, decided: str, *, by: str, at: datetime, recommended: str | None = None,
           verdict: str | None = None, note: str | None = None, previous: str | None = None,
           key: str | None = None) -> Decision:
    """Validate and record an inspector's decision; ``override`` is true when it differs from the recommendation.

    The id never includes the time, so a retried decision is the same decision: it is derived from the client's
    idempotency ``key`` token when there is one, otherwise from the content and the ``previous`` decision's id
    (two identical requests on the same story state are one decision; see :func:`is_repeat`)."""
    if not story_id or not story_id.strip():
        raise ValidationError("thiếu mã câu chuyện")
    try:
        action = Handling(decided)
    except ValueError as e:
        raise ValidationError(f"hướng xử lý {decided!r} không hợp lệ (chọn: "
                              f"{', '.join(h.value for h in Handling)})") from e
    if verdict is not None and verdict not in VERDICTS:
        raise ValidationError(f"kết luận {verdict!r} không hợp lệ (chọn: {', '.join(VERDICTS)})")
    if not by or not by.strip():
        raise ValidationError("thiếu người quyết định")
    if at.tzinfo is None:
        raise ValidationError("thời điểm quyết định phải có múi giờ")
    if note is not None and len(note) > 4000:
        raise ValidationError("ghi chú dài quá 4.000 ký tự")
    if key:
        raw = f"key|{story_id}|{key}"
    else:
        raw = json.dumps([story_id, action.value, verdict, note, by, previous], ensure_ascii=False)
    return Decision(id="decision:" + hashlib.sha256(raw.encode()).hexdigest()[:20], story_id=story_id,
                    recommended=recommended, decided=action.value,
                    override=recommended is not None and recommended != action.value,
                    decided_by=by, decided_at=at, verdict=verdict, note=note)


def is_repeat(latest: Mapping[str, Any] | None, decision: Decision) -> bool:
    """True when ``decision`` repeats the story's ``latest`` decision (same inspector, action, verdict and note):
    a retry whose first answer was lost, which must not be stored again.

    >>> d = decide("s", "refute", by="u", at=datetime(2025, 1, 1).astimezone())
    >>> is_repeat({"decided": "refute", "verdict": None, "note": None, "decided_by": "u"}, d), is_repeat(None, d)
    (True, False)
    """
    if not latest:
        return False
    return (latest.get("decided"), latest.get("verdict"), latest.get("note"), latest.get("decided_by")) == (
        decision.decided, decision.verdict, decision.note, decision.decided_by)


def time_to_refutation_hours(detected_at: datetime | None, refutation_times: Iterable[datetime]) -> float | None:
    """Hours from a story's detection to its first linked refutation (``None`` when either is missing).

    >>> from datetime import timezone, timedelta
    >>> t = datetime(2025, 5, 1, tzinfo=timezone.utc)
    >>> time_to_refutation_hours(t, [t + timedelta(hours=5), t + timedelta(hours=2)])
    2.0
    """
    times = [x for x in refutation_times if x is not None]
    if detected_at is None or not times:
        return None
    return round((min(times) - detected_at).total_seconds() / 3600, 3)
