"""Press outlets' online reports (issue 18): the department's requests and periodic obligations (with due dates),
the outlets' submissions with attachments kept as evidence, and who is late (``reports/outlet_reports_late``).

Who sees what: an outlet's representative (role ``outlet_reporter``, bound to one outlet) submits only for its own
outlet and sees only its own outlet's dues and reports (another outlet's report answers 404); the information
department (``press_officer``, ``analyst``, ``inspector``) sees every outlet's; only ``press_officer`` makes
requests. Attachments are checked (size, type sniffed from the content, file name sanitised) before anything is
stored, then kept in the evidence store (content-addressed, SHA-256) as captures of the report."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, Response, UploadFile
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader, Writer
from api.idempotency import KeyHeader, claim_for, idempotent_doc, mark_replay
from api.routes.common import Pagination, responses
from casework import outlet_reports as orep
from casework.idempotency import REPLAY_HEADER, guarded
from casework.reports import plain
from common.errors import NotFoundError, PermissionDeniedError, ValidationError
from graph.repository import GraphReader, UnitOfWork
from graph.settings import get_path_settings

router = APIRouter(prefix="/outlet-reports", tags=["outlet-reports"])
DEPARTMENT = (Role.PRESS_OFFICER, Role.ANALYST, Role.INSPECTOR)
EDITORS = (Role.PRESS_OFFICER,)
READERS = (*DEPARTMENT, Role.OUTLET_REPORTER)
SUBMITTERS = (Role.OUTLET_REPORTER,)
Viewer = Annotated[Principal, Depends(require_roles(*READERS))]
Editor = Annotated[Principal, Depends(require_roles(*EDITORS))]
Submitter = Annotated[Principal, Depends(require_roles(*SUBMITTERS))]
Sha = Annotated[str, Path(pattern="^[0-9a-f]{64}$")]
ReportId = Annotated[str, Path(min_length=1, max_length=200)]


class Refused(BaseModel):
    """A refused submission: our own reason (text), or the request's validation errors (a list)."""

    detail: str | list[dict[str, Any]]
    error: str | None = None


REFUSED = {422: {"model": Refused, "description": "Yêu cầu bị từ chối (tệp không hợp lệ, trường sai…)"}}


class Period(StrEnum):
    NONE = "none"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class RequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=300)
    text: str | None = Field(default=None, max_length=10_000)
    due_at: AwareDatetime = Field(description="hạn nộp (kỳ đầu với nghĩa vụ định kỳ), có múi giờ")
    period: Period = Period.NONE
    occurrences: int = Field(default=1, ge=1, le=orep.MAX_OCCURRENCES, description="số kỳ (nghĩa vụ định kỳ)")
    outlets: list[Annotated[str, Field(min_length=1, max_length=253)]] = Field(
        default_factory=list, max_length=1000, description="tên miền các cơ quan; để trống: mọi cơ quan đã đăng ký")


class DueOut(BaseModel):
    id: str
    outlet_id: str
    seq: int | None = None
    due_at: str


class RequestOut(BaseModel):
    id: str
    title: str | None = None
    text: str | None = None
    period: str | None = None
    created_at: str | None = None
    created_by: str | None = None
    dues: list[DueOut] = Field(default_factory=list)


class DueStatus(BaseModel):
    due_id: str
    request_id: str
    title: str | None = None
    period: str | None = None
    seq: int | None = None
    outlet_id: str
    outlet: str | None = None
    due_at: str
    report_id: str | None = None
    submitted_at: str | None = None
    status: str = Field(description="on_time | late | missing | pending")


class AttachmentOut(BaseModel):
    capture_id: str
    sha256: str
    filename: str | None = None
    media_type: str | None = None
    size: int | None = None
    captured_at: str | None = None


class ReportOut(BaseModel):
    id: str
    outlet_id: str
    outlet: str | None = None
    title: str | None = None
    text: str | None = None
    submitted_at: str | None = None
    submitted_by: str | None = None
    due_id: str | None = None
    due_at: str | None = None
    request_id: str | None = None
    request_title: str | None = None
    status: str | None = None
    attachments: list[AttachmentOut] = Field(default_factory=list)


class ReportSummary(BaseModel):
    id: str
    outlet_id: str
    outlet: str | None = None
    title: str | None = None
    submitted_at: str | None = None
    submitted_by: str | None = None
    due_id: str | None = None
    due_at: str | None = None
    attachments: int = 0


class ReportPage(BaseModel):
    offset: int
    limit: int
    items: list[ReportSummary]


def _store():
    from etl.evidence import EvidenceStore

    return EvidenceStore(get_path_settings().evidence_dir)


def scope(reader: GraphReader, principal: Principal) -> str | None:
    """``None`` for the department (every outlet); the representative's own outlet otherwise."""
    if principal.has_any(DEPARTMENT):
        return None
    outlet = orep.outlet_of(reader, principal.id)
    if outlet is None:
        raise PermissionDeniedError("Tài khoản của bạn chưa được gắn với cơ quan báo chí nào")
    return outlet


def _dt(v: Any) -> datetime | None:
    return None if v is None else datetime.fromisoformat(v)


def _with_status(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    row["status"] = orep.due_status(_dt(row["due_at"]), _dt(row.get("submitted_at")), now)  # type: ignore[arg-type]
    return row


def _get_report(reader: GraphReader, principal: Principal, report_id: str) -> dict[str, Any]:
    rows = reader.read("read/outlet_report_get", {"id": report_id})
    mine = scope(reader, principal)
    if not rows or (mine is not None and rows[0]["outlet_id"] != mine):  # another outlet's report does not exist
        raise NotFoundError(f"không có báo cáo {report_id!r}")
    out = {k: plain(v) for k, v in rows[0].items()}
    out["status"] = (orep.due_status(_dt(out["due_at"]), _dt(out["submitted_at"]), datetime.now().astimezone())
                     if out.get("due_at") and out.get("submitted_at") else None)
    return out


REQUEST_DOC = idempotent_doc("mã yêu cầu lấy từ người tạo, tiêu đề, hạn, chu kỳ và các cơ quan, nên cùng một yêu "
                             "cầu tạo hai lần là một yêu cầu.")
SUBMIT_DOC = idempotent_doc("mã báo cáo lấy từ cơ quan, kỳ báo cáo, tiêu đề, nội dung và SHA-256 các tệp, nên cùng "
                            "một báo cáo gửi hai lần là một báo cáo.")


@router.post("/requests", status_code=201, response_model=RequestOut, responses={**responses(404), **REFUSED},
             summary="Tạo yêu cầu báo cáo hoặc nghĩa vụ báo cáo định kỳ (có hạn nộp) cho một, nhiều hoặc mọi cơ quan "
                     "báo chí", description=roles_doc(*EDITORS) + REQUEST_DOC)
def create_request(body: RequestIn, request: Request, response: Response, principal: Editor, reader: Reader,
                   writer: Writer, idempotency_key: KeyHeader = None) -> dict:
    data = body.model_dump(mode="json")
    claim = claim_for(principal, "outlet_report.request", idempotency_key, "outlet-report-requests", data)
    asked = sorted(set(body.outlets))
    found = [r["id"] for r in reader.read("read/registered_outlet_ids", {"ids": asked})]
    missing = sorted(set(asked) - set(found))
    if missing:
        raise NotFoundError(f"không có cơ quan báo chí đã đăng ký: {', '.join(missing)}")
    if not found:
        raise ValidationError("chưa có cơ quan báo chí nào trong danh mục")
    dues = orep.due_dates(body.due_at, body.period.value, body.occurrences)
    title = orep.bounded_title(body.title)
    rid = orep.request_id(principal.id, title, dues[0], body.period.value, found)
    now = datetime.now().astimezone()
    row = {"id": rid, "title": title, "text": (body.text or "").strip() or None, "period": body.period.value,
           "created_at": now.isoformat(), "created_by": principal.id, "dues": orep.due_rows(rid, dues, found)}

    def write(uow: UnitOfWork) -> str | None:
        if uow.run("read/report_request_get", {"id": rid}):
            return None
        uow.run("load/report_requests", {"rows": [row]})
        return rid

    outcome = guarded(writer, claim, write, at=now)
    mark_replay(response, outcome)
    if not outcome.replayed:
        audit(request, principal, "outlet_report.request", rid,
              {"outlets": len(found), "dues": len(row["dues"]), "period": body.period.value})
    out = {k: plain(v) for k, v in reader.read("read/report_request_get", {"id": rid})[0].items()}
    return out


@router.get("/dues", response_model=list[DueStatus], responses=responses(403),
            summary="Các kỳ hạn nộp báo cáo và tình trạng (đúng hạn, chậm, chưa nộp, chưa đến hạn)",
            description=roles_doc(*READERS) + " Đại diện cơ quan báo chí chỉ thấy các kỳ của cơ quan mình.")
def dues(principal: Viewer, reader: Reader, page: Annotated[Pagination, Depends()],
         outlet_id: Annotated[str, Query(max_length=253)] = "",
         request_id: Annotated[str, Query(max_length=200)] = "") -> list[dict]:
    mine = scope(reader, principal)
    if mine is not None:
        if outlet_id and outlet_id != mine:
            raise PermissionDeniedError("Bạn chỉ xem được các kỳ báo cáo của cơ quan mình")
        outlet_id = mine
    now = datetime.now().astimezone()
    rows = reader.read("read/report_dues", {"outlet_id": outlet_id, "request_id": request_id,
                                            "skip": page.offset, "limit": page.limit})
    return [_with_status({k: plain(v) for k, v in r.items()}, now) for r in rows]


def submit_report(request: Request, principal: Principal, reader: GraphReader, writer: Any, *, title: str,
                  text: str | None, due_id: str | None, uploads: list[tuple[str, bytes]],
                  claim: Any = None) -> tuple[str, bool]:
    """Check and store one submission of the caller's own outlet: every attachment is checked before anything is
    stored, then kept in the evidence store, and the report written with its key (``claim``) in one transaction and
    audited. Returns (report id, replayed). Shared by the API and the page."""
    outlet = orep.outlet_of(reader, principal.id)
    if outlet is None:
        raise PermissionDeniedError("Tài khoản của bạn chưa được gắn với cơ quan báo chí nào")
    due_id = (due_id or "").strip() or None
    if due_id is not None:
        due = reader.read("read/report_due_get", {"id": due_id})
        if not due or due[0]["outlet_id"] != outlet:
            raise NotFoundError(f"không có kỳ báo cáo {due_id!r} của cơ quan {outlet}")
    checked = orep.check_attachments(uploads)  # every file checked before anything is stored
    from etl.evidence import sha256_hex

    shas = [sha256_hex(d) for _, d in uploads]
    clean_title = orep.bounded_title(title)
    clean_text = (text or "").strip() or None
    rid = orep.report_id(outlet, due_id, clean_title, clean_text, shas)
    now = datetime.now().astimezone()
    atts = []
    if not reader.read("read/outlet_report_get", {"id": rid}):
        store = _store()
        for a, (_, data) in zip(checked, uploads, strict=True):
            cap = store.store(data, url=f"outlet-report:{rid}/{a.filename}", status=200, captured_at=now,
                              headers={"content-type": a.media_type, "x-filename": a.filename,
                                       "x-submitted-by": principal.id})
            atts.append({"capture_id": cap.capture_id, "sha256": cap.sha256, "url": cap.url,
                         "filename": a.filename, "media_type": a.media_type, "size": a.size,
                         "captured_at": cap.captured_at})
    row = {"id": rid, "outlet_id": outlet, "due_id": due_id, "title": clean_title, "text": clean_text,
           "submitted_at": now.isoformat(), "submitted_by": principal.id, "attachments": atts}

    def write(uow: UnitOfWork) -> str | None:
        if uow.run("read/outlet_report_get", {"id": rid}):
            return None  # the same report, submitted before
        uow.run("load/outlet_reports", {"rows": [row]})
        return rid

    outcome = guarded(writer, claim, write, at=now)
    if not outcome.replayed:
        audit(request, principal, "outlet_report.submit", rid,
              {"outlet": outlet, "due": due_id, "attachments": [a["sha256"] for a in atts]})
    return rid, outcome.replayed


@router.post("", status_code=201, response_model=ReportOut, responses={**responses(403, 404), **REFUSED},
             summary="Cơ quan báo chí nộp báo cáo trực tuyến (trả lời một kỳ hạn), kèm tệp đính kèm",
             description=roles_doc(*SUBMITTERS) + " Chỉ nộp cho cơ quan của mình. Tệp đính kèm: tối đa "
             f"{orep.MAX_ATTACHMENTS} tệp, mỗi tệp tối đa {orep.MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB, loại "
             f"{orep.ALLOWED_TEXT} (kiểm tra theo nội dung tệp); một tệp bị từ chối thì cả báo cáo không được lưu."
             + SUBMIT_DOC)
def submit(request: Request, response: Response, principal: Submitter, reader: Reader, writer: Writer,
           title: Annotated[str, Form(min_length=1, max_length=300)],
           text: Annotated[str | None, Form(max_length=20_000)] = None,
           due_id: Annotated[str | None, Form(max_length=200)] = None,
           files: Annotated[list[UploadFile] | None, File(description="tệp đính kèm")] = None,
           idempotency_key: KeyHeader = None) -> dict:
    uploads = [(f.filename or "", f.file.read(orep.MAX_ATTACHMENT_BYTES + 1)) for f in files or []]
    claim = claim_for(principal, "outlet_report.submit", idempotency_key, orep.outlet_of(reader, principal.id) or "",
                      {"title": title, "text": text, "due_id": due_id, "files": uploads})
    rid, replayed = submit_report(request, principal, reader, writer, title=title, text=text, due_id=due_id,
                                  uploads=uploads, claim=claim)
    if replayed:
        response.headers[REPLAY_HEADER] = "true"
    return _get_report(reader, principal, rid)


@router.get("", response_model=ReportPage, responses=responses(403),
            summary="Báo cáo đã nộp, mới nhất trước",
            description=roles_doc(*READERS) + " Đại diện cơ quan báo chí chỉ thấy báo cáo của cơ quan mình.")
def list_reports(principal: Viewer, reader: Reader, page: Annotated[Pagination, Depends()],
                 outlet_id: Annotated[str, Query(max_length=253)] = "") -> dict:
    mine = scope(reader, principal)
    if mine is not None:
        if outlet_id and outlet_id != mine:
            raise PermissionDeniedError("Bạn chỉ xem được báo cáo của cơ quan mình")
        outlet_id = mine
    rows = reader.read("read/outlet_reports_list", {"outlet_id": outlet_id, "skip": page.offset,
                                                    "limit": page.limit})
    return {"offset": page.offset, "limit": page.limit, "items": [{k: plain(v) for k, v in r.items()} for r in rows]}


@router.get("/{report_id}", response_model=ReportOut, responses=responses(404), summary="Một báo cáo đã nộp",
            description=roles_doc(*READERS) + " Báo cáo của cơ quan khác: 404.")
def get_report(report_id: ReportId, request: Request, principal: Viewer, reader: Reader) -> dict:
    out = _get_report(reader, principal, report_id)
    audit(request, principal, "outlet_report.view", report_id)
    return out


@router.get("/{report_id}/attachments/{sha256}", response_class=Response,
            responses={**responses(404, 409), 200: {"content": {"application/octet-stream": {}},
                                                    "description": "Tệp đính kèm (kiểm lại SHA-256 khi đọc)"}},
            summary="Tải một tệp đính kèm của báo cáo", description=roles_doc(*READERS) + " Ghi nhật ký kiểm toán.")
def attachment(report_id: ReportId, sha256: Sha, request: Request, principal: Viewer, reader: Reader) -> Response:
    rep = _get_report(reader, principal, report_id)
    att = next((a for a in rep["attachments"] if a["sha256"] == sha256), None)
    if att is None:
        raise NotFoundError(f"báo cáo {report_id!r} không có tệp {sha256}")
    from common.errors import EvidenceTamperedError

    try:
        data = _store().read(sha256)  # verifies the SHA-256
    except EvidenceTamperedError as e:
        raise HTTPException(409, f"tệp {att['filename']!r} trong kho chứng cứ đã bị sửa (SHA-256 không khớp)") from e
    audit(request, principal, "outlet_report.attachment", report_id, {"sha256": sha256})
    ascii_name = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in att["filename"])
    from urllib.parse import quote

    return Response(data, media_type=att["media_type"] or "application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(att['filename'])}",
        "X-Content-Type-Options": "nosniff"})
