"""Inspection cases: a ``Case`` links a violation to outlets, journalists, accounts, articles, posts and
evidence captures (by SHA-256). Pure: validation and status changes; writes go through ``load/cases``.

Status: ``open → investigating → closed`` (``open → closed`` allowed; a closed case may be reopened).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from casework.text_fields import bounded_text
from common.errors import ValidationError

STATUSES = ("open", "investigating", "closed")
TRANSITIONS = {"open": {"investigating", "closed"}, "investigating": {"closed", "open"}, "closed": {"open"}}
STATUS_VI = {"open": "mới mở", "investigating": "đang xác minh", "closed": "đã đóng"}
LINK_FIELDS = ("outlets", "journalists", "accounts", "articles", "posts")
MAX_LINKS = 1000
_SHA = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[\w:.\-/@?=&%#+~]{1,2000}$")


def _text(data: Mapping[str, Any], key: str, *, required: bool = False, limit: int = 300) -> str | None:
    v = data.get(key)
    if v is not None and not isinstance(v, str):
        raise ValidationError(f"trường {key} phải là văn bản")
    return bounded_text(v or "", key, required=required, limit=limit, noun="trường")


def _ids(data: Mapping[str, Any], key: str) -> list[str]:
    v = data.get(key) or []
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ValidationError(f"trường {key} phải là danh sách mã")
    if len(v) > MAX_LINKS:
        raise ValidationError(f"trường {key} có quá {MAX_LINKS} mã")
    out = []
    for x in v:
        x = x.strip()
        if not _ID.match(x):
            raise ValidationError(f"trường {key}: mã {x[:60]!r} không hợp lệ")
        if x not in out:
            out.append(x)
    return out


def _evidence(data: Mapping[str, Any]) -> list[str]:
    v = data.get("evidence_sha256") or []
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ValidationError("evidence_sha256 phải là danh sách mã SHA-256")
    out = []
    for x in v:
        x = x.strip().lower()
        if not _SHA.match(x):
            raise ValidationError(f"{x[:70]!r} không phải mã SHA-256 (64 ký tự hex)")
        if x not in out:
            out.append(x)
    return out


CONTENT_FIELDS = ("title", "violation", "legal_basis", "notes", *LINK_FIELDS, "evidence_sha256")


def new_case_row(data: Mapping[str, Any], *, by: str, at: datetime, key: str | None = None) -> dict[str, Any]:
    """Validate a new case and return the row for ``load/cases``.

    Its id never includes the time: it is derived from the client's idempotency ``key`` token when there is one,
    otherwise from who opens it and its content (the same case opened twice by the same inspector is one case)."""
    if at.tzinfo is None:
        raise ValidationError("thời điểm phải có múi giờ")
    row: dict[str, Any] = {
        "id": "",
        "title": _text(data, "title", required=True, limit=300),
        "violation": _text(data, "violation", limit=300),
        "legal_basis": _text(data, "legal_basis", limit=500),
        "status": "open", "opened_at": at.isoformat(), "opened_by": by, "closed_at": None,
        "notes": _text(data, "notes", limit=10_000),
        "updated_at": at.isoformat(), "updated_by": by,
        "history": json.dumps([{"status": "open", "at": at.isoformat(), "by": by}], ensure_ascii=False),
        "evidence_sha256": _evidence(data),
    }
    for f in LINK_FIELDS:
        row[f] = _ids(data, f)
    if not any(row[f] for f in LINK_FIELDS):
        raise ValidationError("hồ sơ cần liên kết ít nhất một cơ quan báo chí, nhà báo, tài khoản, bài báo hoặc bài đăng")
    if key:
        raw = f"key|{key}"
    else:
        raw = json.dumps([by, *(sorted(row[f]) if isinstance(row[f], list) else row[f] for f in CONTENT_FIELDS)],
                         ensure_ascii=False)
    row["id"] = "case:" + hashlib.sha256(raw.encode()).hexdigest()[:16]
    return row


def changed(current: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    """True when the ``load/cases`` row ``row`` changes anything of the stored case ``current`` besides who
    updated it and when (a repeated update writes nothing)."""
    for k in ("title", "violation", "legal_basis", "notes", "status"):
        if (current.get(k) or None) != (row.get(k) or None):
            return True
    for f in (*LINK_FIELDS, "evidence_sha256"):
        if set(current.get(f) or []) != set(row.get(f) or []):
            return True
    return False


def update_case_row(current: Mapping[str, Any], changes: Mapping[str, Any], *, by: str,
                    at: datetime) -> dict[str, Any]:
    """Apply a status change and/or added links/evidence/notes to ``current`` (a stored case with its links)."""
    row = {k: current.get(k) for k in ("id", "title", "violation", "legal_basis", "status", "opened_at",
                                       "opened_by", "closed_at", "notes", "history")}
    row.update({f: list(current.get(f) or []) for f in LINK_FIELDS})
    row["evidence_sha256"] = list(current.get("evidence_sha256") or [])
    for key, limit in (("title", 300), ("violation", 300), ("legal_basis", 500), ("notes", 10_000)):
        if key in changes:
            row[key] = _text(changes, key, required=key == "title", limit=limit)
    for f in LINK_FIELDS:
        for x in _ids(changes, f):
            if x not in row[f]:
                row[f].append(x)
    for x in _evidence(changes):
        if x not in row["evidence_sha256"]:
            row["evidence_sha256"].append(x)
    history = json.loads(row.get("history") or "[]")
    if (status := changes.get("status")) is not None:
        if status not in STATUSES:
            raise ValidationError(f"trạng thái {status!r} không hợp lệ (chọn: {', '.join(STATUSES)})")
        old = row["status"] or "open"
        if status != old:
            if status not in TRANSITIONS[old]:
                raise ValidationError(f"không thể chuyển hồ sơ từ '{STATUS_VI[old]}' sang '{STATUS_VI[status]}'")
            row["status"] = status
            row["closed_at"] = at.isoformat() if status == "closed" else None
            history.append({"status": status, "at": at.isoformat(), "by": by})
    row["history"] = json.dumps(history, ensure_ascii=False)
    row["updated_at"] = at.isoformat()
    row["updated_by"] = by
    if isinstance(row.get("opened_at"), str) is False and row.get("opened_at") is not None:
        row["opened_at"] = str(row["opened_at"])
    return row
