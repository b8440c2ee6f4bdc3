"""The press registry: outlets, journalists (resident reporters, press cards, outlet history) and government
spokespeople with the agency each speaks for (Decree 09/2017/NĐ-CP). Pure: parse and validate rows;
the writes go through ``load/registry_*``.

Import files are CSV (UTF-8, with or without BOM) or XLSX (first sheet), one kind per file, first row
the headers. English or Vietnamese headers are accepted (``name`` or ``tên`` …). Lists (aliases,
accounts, history) are separated by ``;``; a history entry is ``outlet_id|from|to|role``.

Every row is validated on its own: good rows are kept, bad rows come back with their row number and
a Vietnamese message, so one bad line never loses the rest of the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from casework.text_fields import bounded_text
from common.errors import ValidationError

KINDS = ("outlets", "journalists", "spokespeople")
OUTLET_LEVELS = ("national", "provincial", "local", "other")
OUTLET_KINDS = ("newspaper", "magazine", "online", "radio_tv", "news_site", "other")
MAX_ROWS = 50_000

HEADER_ALIASES = {
    "tên": "name", "ten": "name", "họ tên": "name", "ho ten": "name", "mã": "id", "ma": "id",
    "tên miền": "id", "cấp": "level", "loại": "kind", "giấy phép": "licence", "số giấy phép": "licence_no",
    "ngày cấp phép": "licence_date", "cơ quan chủ quản": "agency", "địa chỉ": "address",
    "tài khoản": "accounts", "bí danh": "aliases", "số thẻ nhà báo": "press_card_no",
    "thẻ hết hạn": "press_card_expires", "thường trú": "resident", "địa bàn thường trú": "resident_area",
    "cơ quan báo chí": "outlet_id", "từ ngày": "since", "quá trình công tác": "history",
    "chức vụ": "title", "điện thoại": "phone", "cơ quan": "agency_id", "tên cơ quan": "agency_name",
    "quyết định": "decision_ref",
}
_HOST = re.compile(r"^(?=.{3,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$")
_ID = re.compile(r"^[\w:.\-/@]{1,200}$")
_TRUE = {"1", "true", "yes", "có", "co", "x", "thường trú"}
_FALSE = {"", "0", "false", "no", "không", "khong"}


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # 1-based line in the file, counting the header as line 1
    message: str
    raw: dict[str, Any]


@dataclass(slots=True)
class ParseResult:
    kind: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _norm_header(h: Any) -> str:
    s = unicodedata.normalize("NFC", str(h or "")).strip().lower()
    return HEADER_ALIASES.get(s, s.replace(" ", "_"))


def _text(row: Mapping[str, Any], key: str, *, required: bool = False, limit: int = 300) -> str | None:
    v = row.get(key)
    if v is None:
        s = ""
    elif isinstance(v, datetime):
        s = v.date().isoformat()
    elif isinstance(v, date):
        s = v.isoformat()
    elif isinstance(v, float) and v.is_integer():
        s = str(int(v))
    else:
        s = str(v)
    return bounded_text(s, key, required=required, limit=limit, noun="cột")


def _list(row: Mapping[str, Any], key: str) -> list[str]:
    s = _text(row, key, limit=5000)
    return [x.strip() for x in s.split(";") if x.strip()] if s else []


def _date(row: Mapping[str, Any], key: str) -> str | None:
    s = _text(row, key)
    if s is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValidationError(f"cột {key}: {s!r} không phải ngày (YYYY-MM-DD hoặc DD/MM/YYYY)")


def _bool(row: Mapping[str, Any], key: str) -> bool:
    s = (_text(row, key) or "").lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValidationError(f"cột {key}: {s!r} không phải có/không")


def _ids(values: list[str], key: str) -> list[str]:
    for v in values:
        if not _ID.match(v):
            raise ValidationError(f"cột {key}: mã {v!r} không hợp lệ")
    return values


def outlet_host(value: str) -> str:
    """``https://www.Baophutho.vn/x`` → ``baophutho.vn`` (outlet ids are hosts)."""
    s = value.strip().lower()
    s = re.sub(r"^[a-z]+://", "", s).split("/", 1)[0].split(":", 1)[0]
    s = s[4:] if s.startswith("www.") else s
    if not _HOST.match(s):
        raise ValidationError(f"{value!r} không phải tên miền của cơ quan báo chí")
    return s


def _stamp(row: dict[str, Any], by: str, at: datetime) -> dict[str, Any]:
    row["updated_by"] = by
    row["updated_at"] = at.isoformat()
    return row


def outlet_row(raw: Mapping[str, Any], *, by: str, at: datetime) -> dict[str, Any]:
    ident = _text(raw, "id") or _text(raw, "url")
    if not ident:
        raise ValidationError("thiếu cột id (tên miền) hoặc url")
    level = (_text(raw, "level") or "other").lower()
    if level not in OUTLET_LEVELS:
        raise ValidationError(f"cấp {level!r} không hợp lệ (chọn: {', '.join(OUTLET_LEVELS)})")
    kind = (_text(raw, "kind") or "other").lower()
    if kind not in OUTLET_KINDS:
        raise ValidationError(f"loại {kind!r} không hợp lệ (chọn: {', '.join(OUTLET_KINDS)})")
    return _stamp({
        "id": outlet_host(ident), "name": _text(raw, "name", required=True), "kind": kind, "level": level,
        "licence": _text(raw, "licence"), "licence_no": _text(raw, "licence_no"),
        "licence_date": _date(raw, "licence_date"), "agency": _text(raw, "agency"),
        "address": _text(raw, "address"), "url": _text(raw, "url"),
        "accounts": _ids(_list(raw, "accounts"), "accounts"),
    }, by, at)


def _history(raw: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for entry in _list(raw, "history"):
        parts = [p.strip() for p in entry.split("|")]
        parts += [""] * (4 - len(parts))
        if len(parts) > 4:
            raise ValidationError(f"quá trình công tác {entry!r}: dạng đúng là outlet|từ|đến|chức danh")
        row = {"o": parts[0], "f": parts[1], "t": parts[2]}
        out.append({"outlet_id": outlet_host(parts[0]), "from": _date(row, "f"), "to": _date(row, "t"),
                    "role": parts[3] or None, "resident": False})
    return out


def journalist_row(raw: Mapping[str, Any], *, by: str, at: datetime) -> dict[str, Any]:
    name = _text(raw, "name", required=True)
    assert name is not None
    card = _text(raw, "press_card_no", limit=40)
    outlet = _text(raw, "outlet_id")
    history = _history(raw)
    resident = _bool(raw, "resident")
    if outlet:
        host = outlet_host(outlet)
        since = _date(raw, "since")
        if not any(h["outlet_id"] == host and h["to"] is None for h in history):
            history.append({"outlet_id": host, "from": since, "to": None, "role": _text(raw, "title"),
                            "resident": resident})
        else:
            for h in history:
                if h["outlet_id"] == host and h["to"] is None:
                    h["resident"] = resident
    if not history:
        raise ValidationError("cần cơ quan báo chí hiện tại (outlet_id) hoặc quá trình công tác (history)")
    ident = _text(raw, "id")
    if not ident:
        key = f"card:{card}" if card else f"{name.casefold()}|{history[-1]['outlet_id']}"
        ident = "journalist:" + hashlib.sha256(key.encode()).hexdigest()[:16]
    elif not _ID.match(ident):
        raise ValidationError(f"mã {ident!r} không hợp lệ")
    return _stamp({
        "id": ident, "name": name, "aliases": _list(raw, "aliases"), "press_card_no": card,
        "press_card_expires": _date(raw, "press_card_expires"), "resident": resident,
        "resident_area": _text(raw, "resident_area"), "outlet_id": history[-1]["outlet_id"],
        "history": history, "accounts": _ids(_list(raw, "accounts"), "accounts"),
    }, by, at)


def spokesperson_row(raw: Mapping[str, Any], *, by: str, at: datetime) -> dict[str, Any]:
    name = _text(raw, "name", required=True)
    agency_id = _text(raw, "agency_id", required=True)
    assert name is not None and agency_id is not None
    if not _ID.match(agency_id):
        raise ValidationError(f"mã cơ quan {agency_id!r} không hợp lệ")
    ident = _text(raw, "id") or "spokesperson:" + hashlib.sha256(
        f"{name.casefold()}|{agency_id}".encode()).hexdigest()[:16]
    email = _text(raw, "email")
    if email and "@" not in email:
        raise ValidationError(f"email {email!r} không hợp lệ")
    return _stamp({
        "id": ident, "name": name, "title": _text(raw, "title"), "phone": _text(raw, "phone", limit=30),
        "email": email, "agency_id": agency_id, "agency_name": _text(raw, "agency_name"),
        "since": _date(raw, "since"), "decision_ref": _text(raw, "decision_ref"),
        "accounts": _ids(_list(raw, "accounts"), "accounts"),
    }, by, at)


ROW_BUILDERS = {"outlets": outlet_row, "journalists": journalist_row, "spokespeople": spokesperson_row}
STATEMENTS = {"outlets": "load/registry_outlets", "journalists": "load/registry_journalists",
              "spokespeople": "load/registry_spokespeople"}


def parse_records(kind: str, records: Iterable[Mapping[str, Any]], *, by: str, at: datetime,
                  first_line: int = 2) -> ParseResult:
    """Validate records (dicts keyed by header) one by one; duplicates of an id within the file are errors."""
    if kind not in ROW_BUILDERS:
        raise ValidationError(f"loại danh mục {kind!r} không hợp lệ (chọn: {', '.join(KINDS)})")
    build = ROW_BUILDERS[kind]
    out = ParseResult(kind)
    seen: dict[str, int] = {}
    for n, rec in enumerate(records, start=first_line):
        if n - first_line >= MAX_ROWS:
            out.errors.append(RowError(n, f"tệp quá {MAX_ROWS:,} dòng; phần còn lại không được nhập", {}))
            break
        raw = {_norm_header(k): v for k, v in rec.items() if k is not None}
        if all(v is None or str(v).strip() == "" for v in raw.values()):
            continue
        try:
            row = build(raw, by=by, at=at)
        except ValidationError as e:
            out.errors.append(RowError(n, str(e), {k: (None if v is None else str(v)) for k, v in raw.items()}))
            continue
        if row["id"] in seen:
            out.errors.append(RowError(n, f"trùng mã {row['id']} với dòng {seen[row['id']]}", dict(raw)))
            continue
        seen[row["id"]] = n
        out.rows.append(row)
    return out


def read_table(path: Path) -> list[dict[str, Any]]:
    """Records of a CSV or XLSX file (first sheet), keyed by the header row."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = path.read_bytes().decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            it = wb.worksheets[0].iter_rows(values_only=True)
            header = next(it, None)
            if header is None:
                return []
            keys = [str(h) if h is not None else None for h in header]
            return [{k: v for k, v in zip(keys, r, strict=False) if k} for r in it]
        finally:
            wb.close()
    raise ValidationError(f"{path.name}: chỉ nhận tệp .csv hoặc .xlsx")


def parse_file(kind: str, path: Path, *, by: str, at: datetime) -> ParseResult:
    return parse_records(kind, read_table(path), by=by, at=at)
