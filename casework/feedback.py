"""Citizens' feedback about press activity: validation, status tracking and abuse limits. Pure functions.

A submission concerns an outlet, a journalist, an article or an account. The citizen's contact details
are kept in a separate ``FeedbackContact`` node so that reads of feedback never carry them; only roles
that need them read that node (``read/feedback_contact``).

Status moves ``new → triaged → resolved | rejected`` (``new → rejected`` for obvious spam); every change
is appended to the feedback's history with who made it and when.

Abuse limits: sizes (message, fields), a per-IP rate (see the API), and duplicates: the same message
about the same subject within ``DUPLICATE_WINDOW`` is refused (its fingerprint is a SHA-256 of the
normalised text).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from common.errors import ValidationError

SUBJECT_KINDS = ("outlet", "journalist", "article", "account")
CATEGORIES = ("false_information", "ethics", "licence", "advertising", "privacy", "other")
STATUSES = ("new", "triaged", "resolved", "rejected")
TRANSITIONS = {
    "new": {"triaged", "rejected"},
    "triaged": {"resolved", "rejected"},
    "resolved": set(),
    "rejected": set(),
}
STATUS_VI = {"new": "mới", "triaged": "đã phân loại", "resolved": "đã giải quyết", "rejected": "từ chối"}
MAX_MESSAGE = 5000
MIN_MESSAGE = 10
MAX_FIELD = 300
MAX_LINKS = 5
DUPLICATE_WINDOW = timedelta(hours=24)

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 .\-()]{8,20}$")
_URL = re.compile(r"https?://", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DuplicateFeedbackError(ValidationError):
    """The same feedback about the same subject was received recently."""

    def __init__(self, message: str, existing_id: str) -> None:
        super().__init__(message)
        self.existing_id = existing_id


@dataclass(frozen=True, slots=True)
class Contact:
    name: str | None = None
    email: str | None = None
    phone: str | None = None

    def empty(self) -> bool:
        return not (self.name or self.email or self.phone)


@dataclass(frozen=True, slots=True)
class FeedbackSubmission:
    subject_kind: str
    subject_id: str | None
    subject_text: str | None
    message: str
    category: str
    contact: Contact


def _clean(value: Any, field: str, *, limit: int = MAX_FIELD, required: bool = False) -> str | None:
    if value is None:
        s = ""
    elif isinstance(value, str):
        s = value
    else:
        raise ValidationError(f"trường {field} phải là văn bản")
    s = unicodedata.normalize("NFC", _CONTROL.sub("", s)).strip()
    if not s:
        if required:
            raise ValidationError(f"thiếu trường {field}")
        return None
    if len(s) > limit:
        raise ValidationError(f"trường {field} dài quá {limit:,} ký tự".replace(",", "."))
    return s


def validate_submission(data: Mapping[str, Any]) -> FeedbackSubmission:
    """Check a submission from the public form or API; raise :class:`ValidationError` with a clear message."""
    if not isinstance(data, Mapping):
        raise ValidationError("dữ liệu phản ánh không hợp lệ")
    kind = _clean(data.get("subject_kind"), "subject_kind", required=True)
    if kind not in SUBJECT_KINDS:
        raise ValidationError(f"loại đối tượng {kind!r} không hợp lệ (chọn: {', '.join(SUBJECT_KINDS)})")
    subject_id = _clean(data.get("subject_id"), "subject_id")
    subject_text = _clean(data.get("subject_text"), "subject_text")
    if not subject_id and not subject_text:
        raise ValidationError("cần cho biết đối tượng phản ánh (mã hoặc tên/đường dẫn)")
    message = _clean(data.get("message"), "message", limit=MAX_MESSAGE, required=True)
    assert message is not None
    if len(message) < MIN_MESSAGE:
        raise ValidationError(f"nội dung phản ánh quá ngắn (tối thiểu {MIN_MESSAGE} ký tự)")
    if len(_URL.findall(message)) > MAX_LINKS:
        raise ValidationError(f"nội dung chứa quá nhiều đường dẫn (tối đa {MAX_LINKS})")
    category = _clean(data.get("category"), "category") or "other"
    if category not in CATEGORIES:
        raise ValidationError(f"loại phản ánh {category!r} không hợp lệ (chọn: {', '.join(CATEGORIES)})")
    email = _clean(data.get("contact_email"), "contact_email")
    if email and not _EMAIL.match(email):
        raise ValidationError("địa chỉ email không hợp lệ")
    phone = _clean(data.get("contact_phone"), "contact_phone", limit=25)
    if phone and not _PHONE.match(phone):
        raise ValidationError("số điện thoại không hợp lệ")
    contact = Contact(_clean(data.get("contact_name"), "contact_name"), email, phone)
    return FeedbackSubmission(kind, subject_id, subject_text, message, category, contact)


def fingerprint(sub: FeedbackSubmission) -> str:
    """SHA-256 of the normalised subject and message (case, spacing and punctuation ignored)."""
    def norm(s: str | None) -> str:
        s = unicodedata.normalize("NFC", (s or "").casefold())
        return " ".join(re.sub(r"[^\w\s]", " ", s).split())
    key = "|".join((sub.subject_kind, norm(sub.subject_id), norm(sub.subject_text), norm(sub.message)))
    return hashlib.sha256(key.encode()).hexdigest()


def ip_hash(ip: str, salt: str) -> str:
    """A salted hash of the sender's IP (kept for abuse handling, never the IP itself)."""
    return hashlib.sha256(f"{salt}|{ip}".encode()).hexdigest()[:32]


def new_feedback_row(sub: FeedbackSubmission, *, received_at: datetime, ip_digest: str | None) -> dict[str, Any]:
    """The row ``load/feedback`` writes for a new submission (status ``new``)."""
    if received_at.tzinfo is None:
        raise ValidationError("thời điểm nhận phải có múi giờ")
    fid = "feedback:" + uuid.uuid4().hex
    at = received_at.isoformat()
    return {
        "id": fid, "received_at": at, "status": "new", "category": sub.category,
        "subject_kind": sub.subject_kind, "subject_id": sub.subject_id, "subject_text": sub.subject_text,
        "message": sub.message, "fingerprint": fingerprint(sub), "ip_hash": ip_digest, "resolution": None,
        "updated_at": at, "updated_by": "citizen",
        "history": json.dumps([{"status": "new", "at": at, "by": "citizen"}], ensure_ascii=False),
        "contact": None if sub.contact.empty() else
        {"name": sub.contact.name, "email": sub.contact.email, "phone": sub.contact.phone},
    }


def check_duplicate(fp: str, recent: list[Mapping[str, Any]], *, now: datetime,
                    window: timedelta = DUPLICATE_WINDOW) -> None:
    """Refuse when ``recent`` (earlier feedback with the same fingerprint: ``{id, received_at}``) has one
    inside ``window``."""
    for r in recent:
        at = r.get("received_at")
        if isinstance(at, str):
            at = datetime.fromisoformat(at)
        if hasattr(at, "to_native"):
            at = at.to_native()
        if at is not None and now - at <= window:
            raise DuplicateFeedbackError(
                f"phản ánh này đã được gửi lúc {at:%H:%M %d/%m/%Y} (mã {r['id']}); không cần gửi lại", r["id"])


def transition(current: Mapping[str, Any], new_status: str, *, by: str, at: datetime,
               resolution: str | None = None) -> dict[str, Any]:
    """The ``load/feedback`` row that moves feedback ``current`` to ``new_status`` (history appended)."""
    if new_status not in STATUSES:
        raise ValidationError(f"trạng thái {new_status!r} không hợp lệ (chọn: {', '.join(STATUSES)})")
    old = current.get("status", "new")
    if new_status not in TRANSITIONS.get(old, set()):
        raise ValidationError(f"không thể chuyển phản ánh từ '{STATUS_VI.get(old, old)}' sang "
                              f"'{STATUS_VI[new_status]}'")
    if new_status in ("resolved", "rejected") and not (resolution and resolution.strip()):
        raise ValidationError("cần ghi kết quả xử lý khi giải quyết hoặc từ chối phản ánh")
    if resolution is not None and len(resolution) > MAX_MESSAGE:
        raise ValidationError("kết quả xử lý quá dài")
    try:
        history = json.loads(current.get("history") or "[]")
    except json.JSONDecodeError:
        history = []
    history.append({"status": new_status, "at": at.isoformat(), "by": by})
    return {
        "id": current["id"], "received_at": current.get("received_at") or at.isoformat(), "status": new_status,
        "category": current.get("category"), "subject_kind": current.get("subject_kind"),
        "subject_id": current.get("subject_id"), "subject_text": current.get("subject_text"),
        "message": current.get("message"), "fingerprint": current.get("fingerprint"),
        "ip_hash": current.get("ip_hash"), "resolution": resolution if resolution is not None
        else current.get("resolution"), "updated_at": at.isoformat(), "updated_by": by,
        "history": json.dumps(history, ensure_ascii=False), "contact": None,
    }
