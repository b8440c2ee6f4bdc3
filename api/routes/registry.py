"""The press registry: outlets, journalists (resident reporters, press cards, outlet history), spokespeople and
the agency each speaks for. Read by staff; edited by press officers (JSON rows or a CSV/XLSX upload)."""

from __future__ import annotations

import tempfile
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader, Writer
from api.idempotency import KeyHeader, claim_for, idempotent_doc, mark_replay
from api.routes.common import Pagination, responses
from casework import registry
from casework.idempotency import Claim, guarded
from graph.repository import UnitOfWork, validate_rows

router = APIRouter(prefix="/registry", tags=["registry"])
READERS = (Role.PRESS_OFFICER, Role.ANALYST, Role.INSPECTOR, Role.INVESTIGATOR, Role.POLICE_LIAISON)
EDITORS = (Role.PRESS_OFFICER,)
Viewer = Annotated[Principal, Depends(require_roles(*READERS))]
Editor = Annotated[Principal, Depends(require_roles(*EDITORS))]
MAX_UPLOAD = 10 * 1024 * 1024


class Kind(StrEnum):
    OUTLETS = "outlets"
    JOURNALISTS = "journalists"
    SPOKESPEOPLE = "spokespeople"


class RowErrorOut(BaseModel):
    row: int
    message: str


class ImportOut(BaseModel):
    kind: str
    written: int
    ids: list[str]
    errors: list[RowErrorOut]


class RegistryPage(BaseModel):
    offset: int
    limit: int
    items: list[dict[str, Any]]


class RowsIn(BaseModel):
    rows: list[dict[str, str | int | float | bool | None]] = Field(max_length=5000)


def _plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from casework.reports import plain

    return [{k: plain(v) for k, v in r.items()} for r in rows]


@router.get("/outlets", response_model=RegistryPage, responses=responses(), summary="Cơ quan báo chí",
            description=roles_doc(*READERS))
def outlets(principal: Viewer, reader: Reader, page: Annotated[Pagination, Depends()],
            registered_only: bool = True) -> dict:
    rows = reader.read("read/registry_outlets", {"registered_only": registered_only, "skip": page.offset,
                                                 "limit": page.limit})
    return {"offset": page.offset, "limit": page.limit, "items": _plain(rows)}


@router.get("/journalists", response_model=RegistryPage, responses=responses(),
            summary="Nhà báo, phóng viên thường trú, thẻ nhà báo, quá trình công tác", description=roles_doc(*READERS))
def journalists(principal: Viewer, reader: Reader, page: Annotated[Pagination, Depends()],
                outlet_id: Annotated[str, Query(max_length=253)] = "", registered_only: bool = True) -> dict:
    rows = reader.read("read/registry_journalists", {"outlet_id": outlet_id, "registered_only": registered_only,
                                                     "skip": page.offset, "limit": page.limit})
    return {"offset": page.offset, "limit": page.limit, "items": _plain(rows)}


@router.get("/spokespeople", response_model=RegistryPage, responses=responses(),
            summary="Người phát ngôn và cơ quan (Nghị định 09/2017)", description=roles_doc(*READERS))
def spokespeople(principal: Viewer, reader: Reader, page: Annotated[Pagination, Depends()]) -> dict:
    rows = reader.read("read/registry_spokespeople", {"skip": page.offset, "limit": page.limit})
    return {"offset": page.offset, "limit": page.limit, "items": _plain(rows)}


WRITE_DOC = idempotent_doc("mỗi mục có mã lấy từ nội dung (tên miền; số thẻ nhà báo hoặc tên và cơ quan; tên và cơ "
                           "quan của người phát ngôn), nên ghi lại chỉ cập nhật đúng mục đó, không tạo mục trùng.")


def _write(request: Request, response: Response, principal: Principal, writer: Writer, kind: Kind,
           parsed: registry.ParseResult, claim: Claim | None, at: datetime) -> dict:
    statement = registry.STATEMENTS[kind.value]
    if claim is None:  # batched; every row's id comes from its content, so a retry rewrites the same entries
        replayed = False
        if parsed.rows:
            writer.write(statement, parsed.rows)
    else:  # the key and every row commit together in one transaction
        def write(uow: UnitOfWork) -> int:
            if parsed.rows:
                validate_rows(statement, parsed.rows, ())
                uow.run(statement, {"rows": parsed.rows})
            return len(parsed.rows)

        outcome = guarded(writer, claim, write, at=at)
        mark_replay(response, outcome)
        replayed = outcome.replayed
    if not replayed:
        audit(request, principal, "registry.write", f"registry:{kind.value}",
              {"written": len(parsed.rows), "errors": len(parsed.errors)})
    return {"kind": kind.value, "written": len(parsed.rows), "ids": [r["id"] for r in parsed.rows],
            "errors": [{"row": e.row, "message": e.message} for e in parsed.errors]}


@router.put("/{kind}", response_model=ImportOut, responses=responses(422),
            summary="Thêm hoặc sửa mục trong danh mục (các dòng JSON; dòng lỗi được báo riêng)",
            description=roles_doc(*EDITORS) + WRITE_DOC)
def upsert(kind: Kind, body: RowsIn, request: Request, response: Response, principal: Editor, writer: Writer,
           idempotency_key: KeyHeader = None) -> dict:
    at = datetime.now().astimezone()
    claim = claim_for(principal, "registry.write", idempotency_key, f"registry:{kind.value}", body.model_dump())
    parsed = registry.parse_records(kind.value, body.rows, by=principal.id, at=at, first_line=1)
    return _write(request, response, principal, writer, kind, parsed, claim, at)


@router.post("/{kind}/import", response_model=ImportOut, responses=responses(413, 422),
             summary="Nhập danh mục từ tệp CSV hoặc XLSX", description=roles_doc(*EDITORS) + WRITE_DOC)
def import_file(kind: Kind, request: Request, response: Response, principal: Editor, writer: Writer,
                file: Annotated[UploadFile, File(description="tệp .csv hoặc .xlsx")],
                idempotency_key: KeyHeader = None) -> dict:
    suffix = Path(file.filename or "").suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise HTTPException(422, "chỉ nhận tệp .csv hoặc .xlsx")
    data = file.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise HTTPException(413, "tệp quá 10 MB")
    at = datetime.now().astimezone()
    claim = claim_for(principal, "registry.import", idempotency_key, f"registry:{kind.value}",
                      {"suffix": suffix, "file": data})
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            parsed = registry.parse_file(kind.value, path, by=principal.id, at=at)
        except (OSError, ValueError, KeyError) as e:  # a corrupt workbook
            raise HTTPException(422, f"không đọc được tệp: {e}") from e
    return _write(request, response, principal, writer, kind, parsed, claim, at)
