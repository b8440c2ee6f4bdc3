"""The citizens' channel: a public endpoint to report a problem with press activity, and staff endpoints to
triage it. Contact details are returned only to roles that need them, and every view of them is audited."""

from __future__ import annotations

import html
import json
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, ORJSONResponse
from pydantic import BaseModel, ConfigDict, Field

from api.auth import (
    CITIZEN_CONTACT_ROLES,
    PUBLIC_DOC,
    Principal,
    Role,
    _secret,
    audit,
    client_ip,
    enforce_rate,
    public_limiter,
    require_roles,
    roles_doc,
)
from api.deps import Reader, Writer
from api.routes.common import Pagination, is_personal, pseudonym, responses
from casework import feedback as fb
from common.errors import NotFoundError, ValidationError

router = APIRouter(prefix="/feedback", tags=["feedback"])
STAFF = (Role.PRESS_OFFICER, Role.INSPECTOR, Role.POLICE_LIAISON, Role.ANALYST)
TRIAGE = (Role.PRESS_OFFICER, Role.INSPECTOR)
Staff = Annotated[Principal, Depends(require_roles(*STAFF))]
Triager = Annotated[Principal, Depends(require_roles(*TRIAGE))]
MAX_BODY = 32 * 1024
LOCAL_TZ_NAME = "Asia/Ho_Chi_Minh"


class SubjectKind(StrEnum):
    OUTLET = "outlet"
    JOURNALIST = "journalist"
    ARTICLE = "article"
    ACCOUNT = "account"


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject_kind: SubjectKind
    subject_id: str | None = Field(default=None, max_length=fb.MAX_FIELD)
    subject_text: str | None = Field(default=None, max_length=fb.MAX_FIELD)
    message: str = Field(min_length=fb.MIN_MESSAGE, max_length=fb.MAX_MESSAGE)
    category: str | None = Field(default=None, max_length=40)
    contact_name: str | None = Field(default=None, max_length=fb.MAX_FIELD)
    contact_email: str | None = Field(default=None, max_length=fb.MAX_FIELD)
    contact_phone: str | None = Field(default=None, max_length=25)


class FeedbackReceipt(BaseModel):
    id: str
    status: str
    message: str


class Contact(BaseModel):
    name: str | None = None
    email: str | None = None
    phone: str | None = None


class FeedbackOut(BaseModel):
    id: str
    received_at: str | None = None
    status: str
    category: str | None = None
    subject_kind: str | None = None
    subject_id: str | None = None
    subject_text: str | None = None
    message: str | None = None
    resolution: str | None = None
    history: list[dict[str, Any]] = Field(default_factory=list)
    linked_id: str | None = None
    has_contact: bool = False
    contact: Contact | None = None
    contact_visible: bool = False


class FeedbackPage(BaseModel):
    total: int | None = None
    offset: int
    limit: int
    items: list[FeedbackOut]


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: str = Field(pattern="^(triaged|resolved|rejected)$")
    resolution: str | None = Field(default=None, max_length=fb.MAX_MESSAGE)


_BODY_SCHEMA = FeedbackIn.model_json_schema()


def _iso(v: Any) -> Any:
    return v.iso_format() if hasattr(v, "iso_format") else v


def _out(row: dict[str, Any], principal: Principal | None = None) -> dict[str, Any]:
    """A feedback item; the account it concerns pseudonymised (api.masking) for callers who may not see
    personal data, when that account is a private person's."""
    d = {k: _iso(v) for k, v in row.items() if k in FeedbackOut.model_fields}
    hist = row.get("history")
    d["history"] = json.loads(hist) if isinstance(hist, str) and hist else []
    if principal is not None and _about_a_person(row) and not principal.sees_personal_data:
        alias = pseudonym(str(row["subject_id"]))
        d["subject_id"] = alias
        if "linked_id" in d and d["linked_id"] == row["subject_id"]:
            d["linked_id"] = alias
    return d


def _about_a_person(row: dict[str, Any]) -> bool:
    return row.get("subject_kind") == "account" and bool(row.get("subject_id")) and \
        is_personal(row.get("subject_account") or {})


async def _payload(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise HTTPException(413, "Nội dung gửi lên quá lớn")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        try:
            data = orjson.loads(raw or b"null")
        except orjson.JSONDecodeError as e:
            raise ValidationError("dữ liệu JSON không hợp lệ") from e
        if not isinstance(data, dict):
            raise ValidationError("dữ liệu phản ánh phải là một đối tượng JSON")
        return data
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        return {k: v for k, v in form.items() if isinstance(v, str)}
    raise HTTPException(415, "Chỉ nhận application/json hoặc biểu mẫu (form)")


def _thanks_page(fid: str, text: str, ok: bool) -> HTMLResponse:
    title = "Đã nhận phản ánh" if ok else "Chưa gửi được phản ánh"
    body = (f"<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><h1>{title}</h1><p>{html.escape(text)}</p>"
            + (f"<p>Mã phản ánh: <code>{html.escape(fid)}</code></p>" if fid else "")
            + "<p><a href=\"/trang/phan-anh\">Quay lại biểu mẫu</a></p></body></html>")
    return HTMLResponse(body, status_code=201 if ok else 422)


@router.post("", status_code=201, response_model=FeedbackReceipt, summary="Gửi phản ánh về hoạt động báo chí",
             description=PUBLIC_DOC + " Nhận JSON hoặc biểu mẫu; giới hạn kích thước, tần suất theo IP và "
                                      "chống gửi trùng trong 24 giờ.",
             responses={409: {"description": "Phản ánh trùng"}, 413: {"description": "Quá lớn"},
                        415: {"description": "Sai kiểu nội dung"}, 422: {"description": "Không hợp lệ"},
                        429: {"description": "Vượt giới hạn tần suất"}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": _BODY_SCHEMA},
                 "application/x-www-form-urlencoded": {"schema": _BODY_SCHEMA}}}})
async def submit(request: Request, reader: Reader, writer: Writer) -> Any:
    ip = client_ip(request)
    enforce_rate(public_limiter(), f"feedback:{ip}")
    wants_html = "text/html" in request.headers.get("accept", "") and not request.headers.get(
        "content-type", "").startswith("application/json")
    data = await _payload(request)
    now = datetime.now().astimezone()
    try:
        sub = fb.validate_submission(data)
        fp = fb.fingerprint(sub)
        fb.check_duplicate(fp, reader.read("read/feedback_by_fingerprint", {"fingerprint": fp}), now=now)
    except fb.DuplicateFeedbackError as e:
        if wants_html:
            return _thanks_page(e.existing_id, str(e), ok=False)
        return ORJSONResponse({"detail": str(e), "error": "DuplicateFeedbackError", "id": e.existing_id},
                              status_code=409)
    except ValidationError as e:
        if wants_html:
            return _thanks_page("", str(e), ok=False)
        raise
    row = fb.new_feedback_row(sub, received_at=now, ip_digest=fb.ip_hash(ip, _secret().hex()))
    writer.write("load/feedback", [row])
    text = "Cảm ơn bạn. Phản ánh đã được ghi nhận và sẽ được cán bộ quản lý báo chí xem xét."
    if wants_html:
        return _thanks_page(row["id"], text, ok=True)
    return {"id": row["id"], "status": "new", "message": text}


@router.get("", response_model=FeedbackPage, responses=responses(), summary="Danh sách phản ánh (không kèm liên hệ)",
            description=roles_doc(*STAFF))
def list_feedback(request: Request, principal: Staff, reader: Reader, page: Annotated[Pagination, Depends()],
                  status: Annotated[str | None, Query(pattern="^(new|triaged|resolved|rejected)$")] = None) -> dict:
    rows = reader.read("read/feedback_list", {"status": status or "", "skip": page.offset, "limit": page.limit})
    if principal.sees_personal_data and any(_about_a_person(r) for r in rows):
        audit(request, principal, "personal_data.view", "feedback:list",
              {"accounts": sorted({str(r["subject_id"]) for r in rows if _about_a_person(r)})})
    return {"offset": page.offset, "limit": page.limit, "items": [_out(r, principal) for r in rows]}


def _get(reader: Reader, fid: str) -> dict[str, Any]:
    rows = reader.read("read/feedback_get", {"id": fid})
    if not rows:
        raise NotFoundError(f"không có phản ánh {fid!r}")
    return rows[0]


@router.get("/{fid}", response_model=FeedbackOut, responses=responses(404), summary="Một phản ánh",
            description=roles_doc(*STAFF) + " Thông tin liên hệ chỉ hiện với press_officer, inspector, admin "
                                            "(việc xem được ghi nhật ký).")
def get_feedback(fid: str, request: Request, principal: Staff, reader: Reader) -> dict:
    row = _get(reader, fid)
    out = _out(row, principal)
    if principal.sees_personal_data and _about_a_person(row):
        audit(request, principal, "personal_data.view", f"feedback:{fid}", {"what": "account"})
    if out["has_contact"] and principal.has_any(CITIZEN_CONTACT_ROLES):
        c = reader.read("read/feedback_contact", {"id": fid})
        out["contact"] = c[0] if c else None
        out["contact_visible"] = True
        audit(request, principal, "personal_data.view", f"feedback:{fid}", {"what": "citizen contact"})
    return out


@router.post("/{fid}/status", response_model=FeedbackOut, responses=responses(404, 422),
             summary="Chuyển trạng thái phản ánh (mới → đã phân loại → đã giải quyết / từ chối)",
             description=roles_doc(*TRIAGE))
def set_status(fid: str, body: StatusIn, request: Request, principal: Triager, reader: Reader,
               writer: Writer) -> dict:
    current = {k: _iso(v) for k, v in _get(reader, fid).items()}
    row = fb.transition(current, body.status, by=principal.id, at=datetime.now().astimezone(),
                        resolution=body.resolution)
    writer.write("load/feedback", [row])
    audit(request, principal, "feedback.status", f"feedback:{fid}", {"status": body.status})
    return _out(_get(reader, fid), principal)
