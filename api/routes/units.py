"""A unit's own view (issue 18): the alerts routed to it and the stories behind them, and the acknowledgement
of an alert by one of its officers (who and when are recorded, and audited; the response time is reported by
``reports/unit_response_times``).

A unit's view is open to its members, to members of the information unit (``LANTOA_DELIVERY_INFO_UNIT``) and to
administrators; only a unit's own members (and administrators) acknowledge for it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader, Writer
from api.routes.common import Pagination, responses
from casework.delivery_settings import get_delivery_settings
from casework.reports import plain
from casework.routing import is_overdue, response_minutes
from common.errors import NotFoundError, PermissionDeniedError

router = APIRouter(prefix="/units", tags=["units"])
ROLES = (Role.ANALYST, Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON, Role.PRESS_OFFICER,
         Role.UNIT_OFFICER)
Caller = Annotated[Principal, Depends(require_roles(*ROLES))]


class RouteStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"


class UnitOut(BaseModel):
    id: str
    name: str
    kind: str
    place_id: str | None = None
    org_id: str | None = None


class RoutedAlert(BaseModel):
    alert_id: str
    title: str | None = None
    level: int = 0
    kind: str | None = None
    alert_reasons: list[str] = Field(default_factory=list)
    story_id: str | None = None
    story_title: str | None = None
    reasons: list[str] = Field(default_factory=list)
    routed_at: str | None = None
    deadline_at: str | None = None
    acknowledged_at: str | None = None
    acknowledged_by: str | None = None
    ack_note: str | None = None
    escalated_at: str | None = None
    overdue: bool = False
    response_minutes: float | None = None


class RoutedAlertPage(BaseModel):
    unit: str
    offset: int
    limit: int
    items: list[RoutedAlert]


class UnitStory(BaseModel):
    story_id: str
    title: str | None = None
    crisis_level: int | None = None
    first_seen_at: str | None = None
    last_routed: str | None = None


class AckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = Field(default=None, max_length=2000)


class AckOut(BaseModel):
    alert_id: str
    unit_id: str
    routed_at: str | None = None
    deadline_at: str | None = None
    acknowledged_at: str | None = None
    acknowledged_by: str | None = None
    ack_note: str | None = None
    escalated_at: str | None = None
    on_time: bool | None = None
    response_minutes: float | None = None


def _dt(v: Any) -> datetime | None:
    return None if v is None else datetime.fromisoformat(v)


def check_unit_access(reader: Reader, principal: Principal, unit_id: str, *, acknowledging: bool = False) -> None:
    info = get_delivery_settings().info_unit
    row = reader.read("read/unit_member_check", {"user_id": principal.id, "unit_id": unit_id,
                                                  "info_unit": unit_id if acknowledging else info})[0]
    if not row["unit_exists"]:
        raise NotFoundError(f"không có đơn vị {unit_id!r}")
    if Role.ADMIN in principal.roles:
        return
    if not row["allowed"]:
        raise PermissionDeniedError("Bạn không thuộc đơn vị này" if acknowledging else
                                    "Bạn chỉ xem được cảnh báo của đơn vị mình")


def with_timing(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    routed, deadline, ack = _dt(row.get("routed_at")), _dt(row.get("deadline_at")), _dt(row.get("acknowledged_at"))
    row["overdue"] = is_overdue(deadline, ack, now) if ack is None else False
    row["response_minutes"] = response_minutes(routed, ack) if routed else None
    return row


@router.get("/mine", response_model=list[UnitOut], responses=responses(),
            summary="Các đơn vị của người đang đăng nhập", description=roles_doc(*ROLES))
def my_units(principal: Caller, reader: Reader) -> list[dict]:
    return reader.read("read/user_units", {"user_id": principal.id})


@router.get("/{unit_id}/alerts", response_model=RoutedAlertPage, responses=responses(403, 404),
            summary="Cảnh báo đã chuyển đến một đơn vị, mới nhất trước", description=roles_doc(*ROLES))
def unit_alerts(unit_id: str, principal: Caller, reader: Reader, page: Annotated[Pagination, Depends()],
                status: RouteStatus | None = None) -> dict:
    check_unit_access(reader, principal, unit_id)
    rows = reader.read("read/unit_alerts", {"unit_id": unit_id, "status": status.value if status else "",
                                            "skip": page.offset, "limit": page.limit})
    now = datetime.now().astimezone()
    items = [with_timing({k: plain(v) for k, v in r.items()}, now) for r in rows]
    for it in items:
        it["alert_reasons"] = [str(x) for x in it["alert_reasons"]]
        it["reasons"] = [str(x) for x in it["reasons"]]
    return {"unit": unit_id, "offset": page.offset, "limit": page.limit, "items": items}


@router.get("/{unit_id}/stories", response_model=list[UnitStory], responses=responses(403, 404),
            summary="Các câu chuyện có cảnh báo chuyển đến đơn vị", description=roles_doc(*ROLES))
def unit_stories(unit_id: str, principal: Caller, reader: Reader,
                 limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[dict]:
    check_unit_access(reader, principal, unit_id)
    return [{k: plain(v) for k, v in r.items()}
            for r in reader.read("read/unit_stories", {"unit_id": unit_id, "limit": limit})]


@router.post("/{unit_id}/alerts/{alert_id}/acknowledge", response_model=AckOut, responses=responses(403, 404, 422),
             summary="Cán bộ đơn vị xác nhận đã nhận một cảnh báo",
             description=roles_doc(*ROLES) + " Chỉ thành viên của đơn vị (hoặc quản trị).")
def acknowledge(unit_id: str, alert_id: str, body: AckIn, request: Request, principal: Caller, reader: Reader,
                writer: Writer) -> dict:
    check_unit_access(reader, principal, unit_id, acknowledging=True)
    now = datetime.now().astimezone()
    rows = writer.run("load/route_ack", {"alert_id": alert_id, "unit_id": unit_id, "by": principal.id,
                                         "at": now.isoformat(), "note": body.note})
    if not rows:
        raise NotFoundError(f"cảnh báo {alert_id!r} không được chuyển đến đơn vị {unit_id!r}")
    out = {k: plain(v) for k, v in rows[0].items()}
    deadline, ack = _dt(out["deadline_at"]), _dt(out["acknowledged_at"])
    out["on_time"] = None if ack is None else (deadline is None or ack <= deadline)
    out["response_minutes"] = response_minutes(_dt(out["routed_at"]), ack) if out["routed_at"] else None
    audit(request, principal, "alert.acknowledge", alert_id, {"unit": unit_id})
    return out
