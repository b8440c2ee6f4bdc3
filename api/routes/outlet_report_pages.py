"""The outlets' report page (issue 18): an outlet's representative sees its outlet's dues with their status,
submits a report with attachments (the same checks, evidence store, idempotent write and audit as
``POST /outlet-reports``) and sees its own submissions; the information department sees who is late
(``reports/outlet_reports_late``) and every submission. Not in the OpenAPI spec (HTML for browsers)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from api.auth import Role
from api.deps import Reader, Writer
from api.routes.outlet_reports import DEPARTMENT, READERS, _with_status, submit_report
from api.routes.pages import _guard, _html
from casework import outlet_reports as orep
from casework.reports import LOCAL_TZ, plain
from common.errors import NotFoundError, PermissionDeniedError, ValidationError

router = APIRouter(include_in_schema=False)
PAGE = "/trang/bao-cao-bao-chi"


def _page(request: Request, reader: Reader, who, *, status: int = 200, error: str | None = None,
          done: str | None = None) -> Response:
    now = datetime.now(LOCAL_TZ)  # the province's day: the late report counts to the end of its date
    department = who.has_any(DEPARTMENT)
    outlet = None if department else orep.outlet_of(reader, who.id)
    if not department and outlet is None:
        return _html("error.html", 403, principal=who, heading="Không có quyền",
                     message="Tài khoản của bạn chưa được gắn với cơ quan báo chí nào.")
    scope = outlet or ""
    dues = [_with_status({k: plain(v) for k, v in r.items()}, now)
            for r in reader.read("read/report_dues", {"outlet_id": scope, "request_id": "", "skip": 0,
                                                      "limit": 500})]
    reports = [{k: plain(v) for k, v in r.items()}
               for r in reader.read("read/outlet_reports_list", {"outlet_id": scope, "skip": 0, "limit": 200})]
    late = ([{k: plain(v) for k, v in r.items()}
             for r in reader.read("reports/outlet_reports_late", {"at": now.date(), "limit": 500})]
            if department else [])
    return _html("outlet_reports.html", status, principal=who, department=department, outlet=outlet, dues=dues,
                 open_dues=[d for d in dues if d["status"] in ("pending", "missing")], reports=reports,
                 late=late, error=error, done=done, allowed=orep.ALLOWED_TEXT,
                 max_mb=orep.MAX_ATTACHMENT_BYTES // (1024 * 1024), max_files=orep.MAX_ATTACHMENTS)


@router.get(PAGE)
def outlet_reports_page(request: Request, reader: Reader,
                        da_nop: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    who = _guard(request, READERS)
    if isinstance(who, Response):
        return who
    return _page(request, reader, who, done=da_nop)


@router.post(PAGE)
def submit_form(request: Request, reader: Reader, writer: Writer,
                title: Annotated[str, Form(max_length=300)] = "",
                text: Annotated[str, Form(max_length=20_000)] = "",
                due_id: Annotated[str, Form(max_length=200)] = "",
                files: Annotated[list[UploadFile] | None, File()] = None) -> Response:
    who = _guard(request, (Role.OUTLET_REPORTER,))
    if isinstance(who, Response):
        return who
    uploads = [(f.filename or "", f.file.read(orep.MAX_ATTACHMENT_BYTES + 1)) for f in files or []
               if f.filename]  # a file input left empty sends one nameless, empty part
    try:
        rid, _ = submit_report(request, who, reader, writer, title=title, text=text or None, due_id=due_id or None,
                               uploads=uploads)
    except (ValidationError, NotFoundError, PermissionDeniedError) as e:
        return _page(request, reader, who, status=422, error=str(e))
    return RedirectResponse(f"{PAGE}?da_nop={quote(rid, safe=':')}", status_code=303)
