"""What an alert, an escalation and a daily digest say to a unit (Vietnamese): an email subject and body, and the
webhook's JSON payload. Pure functions.

>>> a = {"alert_id": "al1", "title": "Câu chuyện lan truyền nhanh: Cá chết", "level": 3, "reasons": ["tăng nhanh"],
...      "route_reasons": ["tin nhắc đến địa bàn Phường A"], "deadline_at": None, "story_id": "s1"}
>>> alert_subject(a)
'[Lan Tỏa] Cảnh báo mức 3 (nghiêm trọng): Câu chuyện lan truyền nhanh: Cá chết'
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LEVEL_NAMES = {0: "bình thường", 1: "theo dõi", 2: "cảnh báo", 3: "nghiêm trọng", 4: "khủng hoảng"}


def to_datetime(v: Any) -> datetime | None:
    """A stored time (Neo4j DateTime, ISO string or datetime) as a datetime; None stays None."""
    if v is None:
        return None
    if hasattr(v, "to_native"):
        v = v.to_native()
    if isinstance(v, str):
        v = datetime.fromisoformat(v)
    return v


def local_time(v: Any) -> str:
    """``HH:MM dd/mm/yyyy`` in local time ('' for none).

    >>> local_time("2025-08-15T02:00:00+00:00")
    '09:00 15/08/2025'
    """
    d = to_datetime(v)
    return "" if d is None else d.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y")


def _level(level: Any) -> str:
    n = int(level or 0)
    return f"mức {n} ({LEVEL_NAMES.get(n, '?')})"


def alert_subject(a: dict[str, Any], *, escalation: bool = False) -> str:
    head = "[Lan Tỏa] Quá hạn phản hồi" if escalation else "[Lan Tỏa] Cảnh báo"
    return f"{head} {_level(a.get('level'))}: {a.get('title') or a.get('alert_id')}"


def _link(public_url: str, a: dict[str, Any]) -> str:
    if not public_url or not a.get("story_id"):
        return ""
    return f"\nXem câu chuyện: {public_url.rstrip('/')}/stories/{a['story_id']}\n"


def alert_body(a: dict[str, Any], *, unit_name: str, public_url: str = "") -> str:
    lines = [f"Kính gửi {unit_name},", "",
             f"Lan Tỏa chuyển đến đơn vị cảnh báo {_level(a.get('level'))}:", f"  {a.get('title') or ''}", ""]
    if a.get("route_reasons"):
        lines.append("Lý do chuyển đến đơn vị: " + "; ".join(a["route_reasons"]) + ".")
    if a.get("reasons"):
        lines.append("Căn cứ cảnh báo:")
        lines += [f"  - {r}" for r in a["reasons"]]
    if a.get("deadline_at"):
        lines += ["", f"Đề nghị đơn vị xác nhận và phản hồi trước {local_time(a['deadline_at'])}; "
                      "quá hạn, cảnh báo sẽ được báo cáo lên cơ quan quản lý thông tin."]
    lines += ["", f"Mã cảnh báo: {a.get('alert_id')}", _link(public_url, a)]
    return "\n".join(lines).rstrip() + "\n"


def escalation_body(a: dict[str, Any], *, unit_name: str, public_url: str = "") -> str:
    lines = [f"Kính gửi {unit_name},", "",
             f"Đơn vị {a.get('unit_name')} chưa xác nhận cảnh báo {_level(a.get('level'))} trong thời hạn "
             f"(hạn {local_time(a.get('deadline_at'))}, chuyển lúc {local_time(a.get('routed_at'))}):",
             f"  {a.get('title') or ''}", ""]
    if a.get("route_reasons"):
        lines.append("Lý do đã chuyển cho đơn vị: " + "; ".join(a["route_reasons"]) + ".")
    lines += ["", f"Mã cảnh báo: {a.get('alert_id')}", _link(public_url, a)]
    return "\n".join(lines).rstrip() + "\n"


def digest_subject(unit_name: str, day: str, n: int) -> str:
    """The digest's subject line.

    >>> digest_subject("Phường A", "2025-08-15", 2)
    '[Lan Tỏa] Bản tin cảnh báo ngày 15/08/2025 — Phường A: 2 cảnh báo'
    """
    y, m, d = day.split("-")
    return f"[Lan Tỏa] Bản tin cảnh báo ngày {d}/{m}/{y} — {unit_name}: {n} cảnh báo"


def digest_body(unit_name: str, day: str, rows: list[dict[str, Any]]) -> str:
    y, m, d = day.split("-")
    lines = [f"Kính gửi {unit_name},", "", f"Các cảnh báo Lan Tỏa chuyển đến đơn vị trong ngày {d}/{m}/{y}:", ""]
    for r in rows:
        state = ("đã xác nhận " + local_time(r.get("acknowledged_at")) if r.get("acknowledged_at")
                 else "chưa xác nhận")
        lines.append(f"- {_level(r.get('level'))}: {r.get('title') or r.get('alert_id')} ({state})")
        if r.get("reason"):
            lines.append(f"    lý do: {r['reason']}")
    if not rows:
        lines.append("(không có cảnh báo)")
    return "\n".join(lines) + "\n"


def plain_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row with its times as ISO 8601 strings (for JSON)."""
    return {k: (to_datetime(v).isoformat() if hasattr(v, "to_native") or isinstance(v, datetime) else v)
            for k, v in row.items()}


def webhook_payload(purpose: str, delivery_id: str, unit: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The JSON a unit's messaging system receives (field names English, texts Vietnamese)."""
    return {"event": purpose, "delivery_id": delivery_id, "unit": {"id": unit["id"], "name": unit["name"]},
            **plain_row(data)}
