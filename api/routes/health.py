"""Liveness and what the database holds."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.deps import Driver
from graph.status import database_status

router = APIRouter(tags=["health"])


@router.get("/health", summary="Tình trạng hệ thống: phiên bản Neo4j và số nút theo nhãn")
def health(driver: Driver, request: Request) -> dict[str, Any]:
    info = database_status(driver, database=request.app.state.database)
    return {"status": "ok", **info}
