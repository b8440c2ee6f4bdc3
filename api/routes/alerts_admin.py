"""Acknowledge or close an early-warning alert (who and when are recorded, and audited)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader, Writer
from api.routes.common import responses
from casework.reports import plain
from common.errors import NotFoundError

router = APIRouter(prefix="/alerts", tags=["alerts"])
ROLES = (Role.ANALYST, Role.INSPECTOR)
Caller = Annotated[Principal, Depends(require_roles(*ROLES))]


class AlertStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: str = Field(pattern="^(open|acknowledged|closed)$")
    note: str | None = Field(default=None, max_length=2000)


class AlertStatusOut(BaseModel):
    id: str
    created_at: str | None = None
    level: int | None = None
    kind: str | None = None
    title: str | None = None
    reasons: list[str] = Field(default_factory=list)
    status: str | None = None
    status_by: str | None = None
    status_at: str | None = None
    status_note: str | None = None
    scope: str | None = None
    story_id: str | None = None


def _get(reader: Reader, alert_id: str) -> dict[str, Any]:
    rows = reader.read("read/alert_get", {"id": alert_id})
    if not rows:
        raise NotFoundError(f"không có cảnh báo {alert_id!r}")
    return {k: plain(v) for k, v in rows[0].items()}


@router.post("/{alert_id}/status", response_model=AlertStatusOut, responses=responses(404, 422),
             summary="Xác nhận đã xem hoặc đóng một cảnh báo", description=roles_doc(*ROLES))
def set_alert_status(alert_id: str, body: AlertStatusIn, request: Request, principal: Caller, reader: Reader,
                     writer: Writer) -> dict:
    _get(reader, alert_id)
    writer.write("load/alert_status", [{"id": alert_id, "status": body.status, "by": principal.id,
                                        "at": datetime.now().astimezone().isoformat(), "note": body.note}])
    audit(request, principal, "alert.status", alert_id, {"status": body.status})
    return _get(reader, alert_id)
