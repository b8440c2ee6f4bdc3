"""Alerts written by early warning (issue 7), read here."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from api.auth import Principal, Role, require_roles, roles_doc
from api.deps import Reader
from api.routes.common import Pagination, responses
from api.schemas import AlertPage
from graph.repository import GraphReader

router = APIRouter(prefix="/alerts", tags=["alerts"])

ROLES = (Role.ANALYST, Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON, Role.PRESS_OFFICER)
Caller = Annotated[Principal, Depends(require_roles(*ROLES))]


class AlertStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


def list_alerts(reader: GraphReader, *, status: str | None, min_level: int | None, offset: int,
                limit: int) -> dict[str, Any]:
    flt = {"status": status, "min_level": min_level}
    total = reader.read("read/alerts_count", flt)[0]["total"]
    items = reader.read("read/alerts_page", {**flt, "skip": offset, "limit": limit}) if total else []
    for it in items:
        it["reasons"] = [str(x) for x in it["reasons"]]
    return {"total": total, "offset": offset, "limit": limit, "items": items}


@router.get("", response_model=AlertPage, responses=responses(),
            summary="Cảnh báo sớm, mới nhất trước", description=roles_doc(*ROLES))
def alerts(principal: Caller, reader: Reader, page: Annotated[Pagination, Depends()],
           status: AlertStatus | None = None,
           min_level: Annotated[int | None, Query(ge=0, le=4)] = None) -> dict:
    return list_alerts(reader, status=status.value if status else None, min_level=min_level,
                       offset=page.offset, limit=page.limit)
