"""Errors mapped to HTTP in one place."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import ORJSONResponse

from common import errors as e

log = logging.getLogger(__name__)

# most specific first
STATUS: list[tuple[type[Exception], int]] = [
    (e.NotFoundError, 404),
    (e.PermissionDeniedError, 403),
    (e.ReportParameterError, 422),
    (e.ValidationError, 422),
    (e.CypherCatalogError, 404),
    (e.DatabaseUnavailableError, 503),
    (e.DatabaseError, 500),
    (e.EvidenceTamperedError, 409),
    (e.EvidenceError, 500),
    (e.ConfigError, 500),
    (e.LantoaError, 500),
]


def status_for(exc: Exception) -> int:
    for cls, code in STATUS:
        if isinstance(exc, cls):
            return code
    return 500


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(e.LantoaError)
    async def _lantoa_error(request: Request, exc: e.LantoaError) -> ORJSONResponse:
        code = status_for(exc)
        if code >= 500:
            log.error("%s %s failed: %s", request.method, request.url.path, exc)
        detail = str(exc) if code < 500 or code == 503 else "Lỗi máy chủ nội bộ"
        return ORJSONResponse({"detail": detail, "error": type(exc).__name__}, status_code=code)
