"""Acknowledge or close an early-warning alert (who and when are recorded, and audited)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader, Writer
from api.idempotency import KeyHeader, claim_for, idempotent_doc, mark_replay
from api.routes.common import responses
from casework.idempotency import guarded
from casework.reports import plain
from common.errors import NotFoundError
from graph.repository import UnitOfWork

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


STATUS_DOC = idempotent_doc("đặt lại đúng trạng thái và ghi chú hiện có không ghi gì (giữ người và thời điểm "
                            "lần đầu); để lần gửi lại không ghi đè một thay đổi của người khác, hãy gửi kèm khoá.")


@router.post("/{alert_id}/status", response_model=AlertStatusOut, responses=responses(404, 422),
             summary="Xác nhận đã xem hoặc đóng một cảnh báo", description=roles_doc(*ROLES) + STATUS_DOC)
def set_alert_status(alert_id: str, body: AlertStatusIn, request: Request, response: Response, principal: Caller,
                     reader: Reader, writer: Writer, idempotency_key: KeyHeader = None) -> dict:
    _get(reader, alert_id)
    claim = claim_for(principal, "alert.status", idempotency_key, alert_id, body.model_dump(mode="json"))
    at = datetime.now().astimezone()

    def write(uow: UnitOfWork) -> str | None:
        rows = uow.run("read/alert_get", {"id": alert_id})
        if not rows:
            raise NotFoundError(f"không có cảnh báo {alert_id!r}")
        if rows[0].get("status") == body.status and rows[0].get("status_note") == body.note:
            return None
        uow.run("load/alert_status", {"rows": [{"id": alert_id, "status": body.status, "by": principal.id,
                                                "at": at.isoformat(), "note": body.note}]})
        return body.status

    outcome = guarded(writer, claim, write, at=at)
    mark_replay(response, outcome)
    if not outcome.replayed:
        audit(request, principal, "alert.status", alert_id, {"status": body.status})
    return _get(reader, alert_id)
