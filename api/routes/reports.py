"""Named, read-only Cypher reports over HTTP (never free Cypher): list, describe, run in csv/json/html/xlsx."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader
from api.routes.common import is_personal, responses
from casework import reports
from common.errors import PermissionDeniedError

router = APIRouter(prefix="/reports", tags=["reports"])

STAFF = (Role.ANALYST, Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON, Role.PRESS_OFFICER)
Caller = Annotated[Principal, Depends(require_roles(*STAFF))]


class Format(StrEnum):
    CSV = "csv"
    JSON = "json"
    HTML = "html"
    XLSX = "xlsx"


class ParamOut(BaseModel):
    name: str
    type: str
    default: str | None
    required: bool
    description: str


class ReportOut(BaseModel):
    name: str
    title: str
    purpose: str
    params: list[ParamOut]
    columns: list[str]
    roles: list[str]


class ReportRun(BaseModel):
    model_config = ConfigDict(extra="forbid")
    params: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    format: Format = Format.JSON


def _check_roles(principal: Principal, spec: reports.ReportSpec) -> None:
    """A report whose header names ``// roles:`` (personal data, citizens' feedback) admits only those."""
    if spec.roles and not principal.has_any(Role(r) for r in spec.roles):
        raise PermissionDeniedError(f"báo cáo này chỉ dành cho vai trò: {', '.join(spec.roles)}")


def _check_person_params(principal: Principal, reader: Reader, params: dict[str, Any]) -> None:
    """A caller who may not see personal data may not run a report about a private person's account (its rows
    would name the person: the masking rule of api.masking, applied to report parameters)."""
    if principal.sees_personal_data:
        return
    for value in params.values():
        if isinstance(value, str) and ":" in value and len(value) <= 300:
            rows = reader.read("read/account_kind", {"id": value})
            if rows and is_personal(rows[0]):
                raise PermissionDeniedError("báo cáo về tài khoản của cá nhân chỉ dành cho vai trò được xem dữ liệu "
                                            "cá nhân")


def _run(request: Request, principal: Principal, reader: Reader, name: str, params: dict[str, Any],
         fmt: Format) -> Response:
    spec = reports.get_spec(name)  # 404 for anything not a file in cypher/reports/
    _check_roles(principal, spec)
    _check_person_params(principal, reader, params)
    result = reports.run_report(reader, spec.name, params)
    audit(request, principal, "report.run", spec.statement, {"params": result.params, "format": fmt.value,
                                                              "rows": len(result.rows)})
    body = reports.render(result, fmt.value)
    headers = {}
    if fmt in (Format.CSV, Format.XLSX):
        headers["Content-Disposition"] = f'attachment; filename="{spec.name}.{fmt.value}"'
    return Response(body, media_type=reports.MEDIA_TYPES[fmt.value], headers=headers)


_RUN_RESPONSES = {200: {"description": "Kết quả báo cáo", "content": {
    "application/json": {}, "text/csv": {}, "text/html": {},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}, **responses(404, 422)}


@router.get("", response_model=list[ReportOut], responses=responses(), summary="Danh sách báo cáo và tham số",
            description=roles_doc(*STAFF))
def list_reports(principal: Caller) -> list[dict]:
    return [s.as_dict() for s in reports.list_reports()]


@router.get("/{name}", response_model=ReportOut, responses=responses(404), summary="Mô tả một báo cáo",
            description=roles_doc(*STAFF))
def describe(name: str, principal: Caller) -> dict:
    return reports.get_spec(name).as_dict()


@router.get("/{name}/run", response_class=Response, responses=_RUN_RESPONSES,
            summary="Chạy báo cáo (tham số qua query string)",
            description=roles_doc(*STAFF) + " Tham số của báo cáo truyền qua query string (`?day=2025-08-15`); "
                        "báo cáo có dòng `roles` trong phần đầu (dữ liệu cá nhân, phản ánh) chỉ dành cho các vai trò đó.")
def run_get(name: str, request: Request, principal: Caller, reader: Reader, format: Format = Format.JSON) -> Response:
    params = {k: v for k, v in request.query_params.items() if k != "format"}
    return _run(request, principal, reader, name, params, format)


@router.post("/{name}/run", response_class=Response, responses=_RUN_RESPONSES,
             summary="Chạy báo cáo (tham số trong thân JSON)", description=roles_doc(*STAFF))
def run_post(name: str, request: Request, principal: Caller, reader: Reader,
             body: Annotated[ReportRun, Body()]) -> Response:
    return _run(request, principal, reader, name, dict(body.params), body.format)
