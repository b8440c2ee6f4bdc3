"""Inspection cases: a violation linked to outlets, journalists, accounts, articles, posts and evidence."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader, Writer
from api.idempotency import KeyHeader, claim_for, idempotent_doc, mark_replay
from api.routes.common import Pagination, is_personal, mask_id, responses
from casework import cases
from casework.idempotency import guarded
from casework.reports import plain
from common.errors import NotFoundError
from graph.repository import UnitOfWork

router = APIRouter(prefix="/cases", tags=["cases"])
READERS = (Role.INSPECTOR, Role.PRESS_OFFICER, Role.POLICE_LIAISON, Role.INVESTIGATOR)
EDITORS = (Role.INSPECTOR,)
Viewer = Annotated[Principal, Depends(require_roles(*READERS))]
Editor = Annotated[Principal, Depends(require_roles(*EDITORS))]
Ids = list[Annotated[str, Field(max_length=2000)]]


class CaseLinks(BaseModel):
    """What a case concerns: ids of outlets, journalists, accounts, articles, posts and evidence captures."""

    model_config = ConfigDict(extra="forbid")
    outlets: Ids = Field(default_factory=list, max_length=1000)
    journalists: Ids = Field(default_factory=list, max_length=1000)
    accounts: Ids = Field(default_factory=list, max_length=1000)
    articles: Ids = Field(default_factory=list, max_length=1000)
    posts: Ids = Field(default_factory=list, max_length=1000)
    evidence_sha256: list[Annotated[str, Field(max_length=64)]] = Field(default_factory=list, max_length=1000)


class CaseIn(CaseLinks):
    title: str = Field(min_length=1, max_length=300)
    violation: str | None = Field(default=None, max_length=300)
    legal_basis: str | None = Field(default=None, max_length=500)
    notes: str | None = Field(default=None, max_length=10_000)


class CasePatch(CaseLinks):
    status: str | None = Field(default=None, pattern="^(open|investigating|closed)$")
    title: str | None = Field(default=None, min_length=1, max_length=300)
    violation: str | None = Field(default=None, max_length=300)
    legal_basis: str | None = Field(default=None, max_length=500)
    notes: str | None = Field(default=None, max_length=10_000)


class CaseOut(BaseModel):
    id: str
    title: str | None = None
    violation: str | None = None
    legal_basis: str | None = None
    status: str | None = None
    opened_at: str | None = None
    opened_by: str | None = None
    closed_at: str | None = None
    notes: str | None = None
    history: list[dict[str, Any]] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)
    journalists: list[str] = Field(default_factory=list)
    accounts: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    posts: list[str] = Field(default_factory=list)
    evidence_sha256: list[str] = Field(default_factory=list)
    captures: list[dict[str, Any]] = Field(default_factory=list)


class CaseSummary(BaseModel):
    id: str
    title: str | None = None
    violation: str | None = None
    status: str | None = None
    opened_at: str | None = None
    opened_by: str | None = None
    closed_at: str | None = None
    links: int = 0


class CasePage(BaseModel):
    offset: int
    limit: int
    items: list[CaseSummary]


def _get(reader: Reader, cid: str) -> dict[str, Any]:
    rows = reader.read("read/case_get", {"id": cid})
    if not rows:
        raise NotFoundError(f"không có hồ sơ {cid!r}")
    return {k: plain(v) for k, v in rows[0].items()}


def _out(row: dict[str, Any], principal: Principal) -> dict[str, Any]:
    """A case; the private persons' accounts and posts it concerns pseudonymised (api.masking) for callers who
    may not see personal data."""
    d = {k: v for k, v in row.items() if k in CaseOut.model_fields}
    d["history"] = json.loads(row["history"]) if row.get("history") else []
    personal = {r["id"] for r in row.get("account_refs") or [] if is_personal(r)}
    personal |= {r["id"] for r in row.get("post_refs") or [] if r.get("account") and is_personal(r["account"])}
    if personal and not principal.sees_personal_data:
        d["accounts"] = [mask_id(x, x in personal, principal) for x in d.get("accounts") or []]
        d["posts"] = [mask_id(x, x in personal, principal) for x in d.get("posts") or []]
        d["history"] = _mask_history(d["history"], {x: mask_id(x, True, principal) for x in personal})
    return d


def _mask_history(value: Any, aliases: dict[str, str | None]) -> Any:
    if isinstance(value, str):
        return aliases.get(value) or value
    if isinstance(value, list):
        return [_mask_history(v, aliases) for v in value]
    if isinstance(value, dict):
        return {k: _mask_history(v, aliases) for k, v in value.items()}
    return value


@router.get("", response_model=CasePage, responses=responses(), summary="Hồ sơ thanh tra, kiểm tra",
            description=roles_doc(*READERS))
def list_cases(principal: Viewer, reader: Reader, page: Annotated[Pagination, Depends()],
               status: Annotated[str | None, Query(pattern="^(open|investigating|closed)$")] = None) -> dict:
    rows = reader.read("read/cases_list", {"status": status or "", "skip": page.offset, "limit": page.limit})
    return {"offset": page.offset, "limit": page.limit, "items": [{k: plain(v) for k, v in r.items()} for r in rows]}


@router.get("/{cid}", response_model=CaseOut, responses=responses(404), summary="Một hồ sơ",
            description=roles_doc(*READERS))
def get_case(cid: str, request: Request, principal: Viewer, reader: Reader) -> dict:
    out = _out(_get(reader, cid), principal)
    audit(request, principal, "case.view", cid, None)
    return out


CREATE_DOC = idempotent_doc("mã hồ sơ lấy từ người mở và nội dung (tiêu đề, vi phạm, căn cứ, ghi chú, liên kết, "
                            "bằng chứng), nên cùng một hồ sơ mở hai lần là một hồ sơ.")
UPDATE_DOC = idempotent_doc("một cập nhật không thay đổi gì (trạng thái, trường, liên kết đã có) không được ghi.")


@router.post("", status_code=201, response_model=CaseOut, responses=responses(422), summary="Mở hồ sơ mới",
             description=roles_doc(*EDITORS) + CREATE_DOC)
def create_case(body: CaseIn, request: Request, response: Response, principal: Editor, reader: Reader,
                writer: Writer, idempotency_key: KeyHeader = None) -> dict:
    data = body.model_dump()
    claim = claim_for(principal, "case.create", idempotency_key, "cases", data)
    at = datetime.now().astimezone()
    row = cases.new_case_row(data, by=principal.id, at=at, key=claim.id if claim else None)

    def write(uow: UnitOfWork) -> str | None:
        if uow.run("read/case_get", {"id": row["id"]}):
            return None  # the same case, opened before
        uow.run("load/cases", {"rows": [row]})
        return row["id"]

    outcome = guarded(writer, claim, write, at=at)
    mark_replay(response, outcome)
    if not outcome.replayed:
        audit(request, principal, "case.create", row["id"], {"title": row["title"]})
    return _out(_get(reader, row["id"]), principal)


@router.patch("/{cid}", response_model=CaseOut, responses=responses(404, 422),
              summary="Cập nhật hồ sơ (trạng thái, liên kết, bằng chứng)", description=roles_doc(*EDITORS) + UPDATE_DOC)
def update_case(cid: str, body: CasePatch, request: Request, response: Response, principal: Editor,
                reader: Reader, writer: Writer, idempotency_key: KeyHeader = None) -> dict:
    _get(reader, cid)
    changes = body.model_dump(exclude_unset=True)
    claim = claim_for(principal, "case.update", idempotency_key, cid, changes)
    at = datetime.now().astimezone()

    def write(uow: UnitOfWork) -> dict | None:
        rows = uow.run("read/case_get", {"id": cid})
        if not rows:
            raise NotFoundError(f"không có hồ sơ {cid!r}")
        current = {k: plain(v) for k, v in rows[0].items()}
        row = cases.update_case_row(current, changes, by=principal.id, at=at)
        if not cases.changed(current, row):
            return None
        uow.run("load/cases", {"rows": [row]})
        return row

    outcome = guarded(writer, claim, write, at=at)
    mark_replay(response, outcome)
    if not outcome.replayed:
        audit(request, principal, "case.update", cid, {"fields": sorted(changes)})
    return _out(_get(reader, cid), principal)
