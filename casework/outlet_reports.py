"""Press outlets' online reports (issue 18): the department's requests and periodic obligations with due dates,
the outlets' submissions with checked attachments, and who is late. The checks and computations are pure; the
graph is read and written only through ``set_representative`` / ``outlet_of`` and the routes (``cypher/``).

* a **request** (a one-off question) or a **periodic obligation** (monthly, quarterly, yearly) is made by the
  department for one, several or every registered outlet; each occurrence of it for each outlet is one *due*
  (``ReportDue {id, due_at}``), materialised when the request is made (:func:`due_dates`, :func:`due_rows`): "every
  outlet" means the outlets registered at that moment (an outlet registered later is asked by a new request);
* an outlet's representative (role ``outlet_reporter``, bound to one outlet) submits a report answering one of its
  dues, with attachments; each attachment is checked by :func:`check_attachment` (size, type sniffed from the
  content and agreeing with the file name's extension, file name sanitised) and then kept in the evidence store
  (content-addressed by SHA-256, as every capture);
* a due is ``on_time``, ``late`` (answered after its due time), ``missing`` (its time passed, no answer) or
  ``pending`` (:func:`due_status`); ``reports/outlet_reports_late`` lists the late and missing ones.

>>> from datetime import datetime, timezone
>>> [d.date().isoformat() for d in due_dates(datetime(2026, 1, 31, tzinfo=timezone.utc), "monthly", 3)]
['2026-01-31', '2026-02-28', '2026-03-31']
>>> check_attachment("../../etc/bao-cao.pdf", b"%PDF-1.7\\n...").filename
'bao-cao.pdf'
"""

from __future__ import annotations

import calendar
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from casework.idempotency import derived_id
from casework.text_fields import bounded_text
from common.errors import NotFoundError, ValidationError

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 10
MAX_FILENAME = 120
MAX_OCCURRENCES = 36
MIN_YEAR, MAX_YEAR = 2000, 2100
PERIODS: dict[str, int] = {"none": 0, "monthly": 1, "quarterly": 3, "yearly": 12}
STATUSES = ("on_time", "late", "missing", "pending")

# media type, the extensions a file of that type may carry
MEDIA_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", (".pdf",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "odt": ("application/vnd.oasis.opendocument.text", (".odt",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
    "png": ("image/png", (".png",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
}
ALLOWED_TEXT = "PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG"


class AttachmentError(ValidationError):
    """An attachment was refused (too large, a type not allowed, a content that does not match its name)."""


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str  # sanitised: a plain name, no directory, no control characters
    kind: str  # a key of MEDIA_TYPES
    media_type: str
    size: int


# ------------------------------------------------------------------ attachments
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*]")


def sanitise_filename(name: str) -> str:
    """A safe plain file name: the last path component (``/`` and ``\\``), NFC, without control or reserved
    characters, no leading dots, at most :data:`MAX_FILENAME` characters (the extension kept).

    >>> sanitise_filename("C:\\\\Users\\\\x\\\\..\\\\Báo cáo tháng 11.docx")
    'Báo cáo tháng 11.docx'
    >>> sanitise_filename("....//..//.htaccess.pdf")
    'htaccess.pdf'
    """
    s = unicodedata.normalize("NFC", str(name or ""))
    s = re.split(r"[/\\]", s)[-1]
    s = "".join(ch for ch in s if unicodedata.category(ch)[0] != "C")
    s = _BAD_CHARS.sub("_", s).strip().lstrip(".").strip()
    if len(s) > MAX_FILENAME:
        stem, dot, ext = s.rpartition(".")
        s = (stem[: MAX_FILENAME - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else s[:MAX_FILENAME]
    if not s or s in {".", ".."} or "." not in s:
        raise AttachmentError(f"tên tệp {name!r} không hợp lệ (cần tên có phần mở rộng, ví dụ bao-cao.pdf)")
    return s


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                mime = zf.read("mimetype").decode("ascii", "replace").strip()
                return {"application/vnd.oasis.opendocument.text": "odt",
                        "application/vnd.oasis.opendocument.spreadsheet": "ods"}.get(mime)
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, NotImplementedError):
        return None
    return None


def sniff(data: bytes) -> str | None:
    """The kind of a file from its first bytes (and, for the ZIP-based office formats, its member names); ``None``
    for anything not allowed.

    >>> sniff(b"%PDF-1.4"), sniff(b"\\x89PNG\\r\\n\\x1a\\n...."), sniff(b"MZ\\x90\\x00"), sniff(b"<html>")
    ('pdf', 'png', None, None)
    """
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def check_attachment(filename: str, data: bytes, *, max_bytes: int = MAX_ATTACHMENT_BYTES) -> Attachment:
    """Check one uploaded file; raise :class:`AttachmentError` (a Vietnamese message naming the file) if it is
    empty, larger than ``max_bytes``, of a type not allowed, or its content is not what its extension says."""
    safe = sanitise_filename(filename)
    if not data:
        raise AttachmentError(f"tệp {safe!r} rỗng")
    if len(data) > max_bytes:
        raise AttachmentError(f"tệp {safe!r} quá lớn ({len(data):,} byte; tối đa {max_bytes:,} byte)")
    ext = "." + safe.rsplit(".", 1)[-1].lower()
    by_ext = next((k for k, (_, exts) in MEDIA_TYPES.items() if ext in exts), None)
    if by_ext is None:
        raise AttachmentError(f"tệp {safe!r}: loại tệp {ext} không được nhận (chỉ nhận {ALLOWED_TEXT})")
    kind = sniff(data)
    if kind is None:
        raise AttachmentError(f"tệp {safe!r}: nội dung không phải {ALLOWED_TEXT} (kiểm tra theo nội dung tệp)")
    if kind != by_ext:
        raise AttachmentError(f"tệp {safe!r}: nội dung là {kind.upper()} nhưng tên tệp ghi {ext} "
                              "(tệp bị đổi đuôi không được nhận)")
    return Attachment(filename=safe, kind=kind, media_type=MEDIA_TYPES[kind][0], size=len(data))


def check_attachments(files: Iterable[tuple[str, bytes]], *, max_bytes: int = MAX_ATTACHMENT_BYTES,
                      max_files: int = MAX_ATTACHMENTS) -> list[Attachment]:
    """Check every file first (one refused file refuses the whole submission: nothing is stored)."""
    files = list(files)
    if len(files) > max_files:
        raise AttachmentError(f"tối đa {max_files} tệp đính kèm mỗi báo cáo (đã gửi {len(files)})")
    return [check_attachment(name, data, max_bytes=max_bytes) for name, data in files]


# ------------------------------------------------------------------ deadlines
def _add_months(d: datetime, months: int) -> datetime:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return d.replace(year=year, month=month, day=min(d.day, calendar.monthrange(year, month)[1]))


def due_dates(first_due: datetime, period: str, occurrences: int = 1) -> list[datetime]:
    """The due times of a request: one for ``period="none"``; else ``occurrences`` of them, each ``period`` after
    the first (the day clamped to the month's end: 31 January → 28 February → 31 March)."""
    if period not in PERIODS:
        raise ValidationError(f"chu kỳ {period!r} không hợp lệ (chọn: {', '.join(PERIODS)})")
    if first_due.tzinfo is None:
        raise ValidationError("hạn nộp cần có múi giờ (ví dụ 2026-12-31T17:00:00+07:00)")
    if not MIN_YEAR <= first_due.year <= MAX_YEAR:
        raise ValidationError(f"hạn nộp phải trong khoảng năm {MIN_YEAR}–{MAX_YEAR}")
    step = PERIODS[period]
    if step == 0:
        return [first_due]
    if not 1 <= occurrences <= MAX_OCCURRENCES:
        raise ValidationError(f"số kỳ phải từ 1 đến {MAX_OCCURRENCES}")
    return [_add_months(first_due, k * step) for k in range(occurrences)]


def due_status(due_at: datetime, submitted_at: datetime | None, now: datetime) -> str:
    """``on_time`` (answered by its due time), ``late`` (answered after), ``missing`` (its time passed without an
    answer) or ``pending`` (not yet due, not yet answered). The first answer counts.

    >>> from datetime import datetime, timezone
    >>> due, now = datetime(2026, 1, 10, tzinfo=timezone.utc), datetime(2026, 1, 20, tzinfo=timezone.utc)
    >>> due_status(due, datetime(2026, 1, 9, tzinfo=timezone.utc), now), due_status(due, None, now)
    ('on_time', 'missing')
    >>> due_status(due, datetime(2026, 1, 11, tzinfo=timezone.utc), now), due_status(now, None, due)
    ('late', 'pending')
    """
    if submitted_at is not None:
        return "on_time" if submitted_at <= due_at else "late"
    return "missing" if now > due_at else "pending"


def bounded_title(title: str) -> str:
    """A title as stored: NFC, stripped, 1–300 characters.

    >>> bounded_title("  Báo cáo quý ")
    'Báo cáo quý'
    """
    out = bounded_text(title, "title", required=True, limit=300)
    assert out is not None
    return out


def request_id(by: str, title: str, first_due: datetime, period: str, outlets: Iterable[str]) -> str:
    """A request's id from who made it and what it asks (the same request made twice is one request)."""
    return derived_id("reportreq", by, title, first_due.isoformat(), period, sorted(outlets))


def due_rows(req_id: str, dues: list[datetime], outlets: Iterable[str]) -> list[dict[str, Any]]:
    """One due per outlet per occurrence."""
    return [{"id": derived_id("reportdue", req_id, o, k), "request_id": req_id, "outlet_id": o, "seq": k + 1,
             "due_at": d.isoformat()} for o in sorted(set(outlets)) for k, d in enumerate(dues)]


def report_id(outlet_id: str, due_id: str | None, title: str, text: str | None, shas: Iterable[str]) -> str:
    """A submission's id from its content (the same report sent twice is one report)."""
    return derived_id("outletreport", outlet_id, due_id, title, text, sorted(shas))


# ------------------------------------------------------------------ the graph
def set_representative(writer: Any, outlet_id: str, user_id: str, *, member: bool = True) -> None:
    """Bind ``user_id`` to the outlet it reports for (or unbind it); a representative is bound to one outlet."""
    rows = writer.run("load/outlet_representative", {"outlet_id": outlet_id, "user_id": user_id, "member": member})
    if not rows:
        raise NotFoundError(f"không có cơ quan báo chí {outlet_id!r} hoặc người dùng {user_id!r}")
    if rows[0]["refused"]:
        raise ValidationError(f"{user_id!r} đang là đại diện của một cơ quan báo chí khác; mỗi người chỉ đại diện "
                              "cho một cơ quan (hãy gỡ khỏi cơ quan đó trước)")


def outlet_of(reader: Any, user_id: str) -> str | None:
    """The outlet ``user_id`` reports for (None when not bound)."""
    rows = reader.read("read/outlet_of_user", {"user_id": user_id})
    return str(rows[0]["id"]) if rows else None
