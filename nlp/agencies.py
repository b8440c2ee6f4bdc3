"""The province's agencies, their abbreviations, and a dated table of office-holders (data in nlp/data/).

>>> ubnd = agency("org:pt:ubnd")
>>> "UBND tỉnh Phú Thọ" in ubnd["aliases"]
True
>>> holder_at("org:pt:ubnd", "Chủ tịch", "2025-08-01")["fictional"]
True
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from common.errors import DataError
from nlp.csvdata import read_csv
from nlp.normalize import nfc
from nlp.settings import get_settings

# Titles that introduce a person's name ("Chủ tịch UBND tỉnh Phú Thọ Nguyễn Văn A", "ông Nguyễn Văn B").
TITLES = (
    "Chủ tịch", "Phó Chủ tịch", "Bí thư", "Phó Bí thư", "Giám đốc", "Phó Giám đốc", "Tổng Giám đốc",
    "Trưởng ban", "Phó Trưởng ban", "Trưởng phòng", "Phó Trưởng phòng", "Chánh Văn phòng", "Chánh Thanh tra",
    "Chánh án", "Viện trưởng", "Chủ nhiệm", "Hiệu trưởng", "Bộ trưởng", "Thứ trưởng", "Thủ tướng",
    "Phó Thủ tướng", "Tổng Bí thư", "Chủ tịch nước", "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng",
    "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá", "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy",
    "Trưởng Công an", "Phó Trưởng Công an", "Đại biểu", "bác sĩ", "Bác sĩ", "nhà báo", "Nhà báo",
    "ông", "bà", "Ông", "Bà", "anh", "chị", "cụ", "Cụ", "đồng chí", "Đồng chí", "PGS.TS", "TS", "GS",
)

SURNAMES = frozenset(
    nfc(s) for s in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Đào Mai Lưu Tạ "
        "Cao Hà Lương Vương Tô Quách Triệu Kiều Lò Bạch Hứa Chu Khuất Đàm Nông Lục Tăng Thân Trương Văn Doãn "
        "Âu Giang La Lã Phùng Mạc Nghiêm Vi Đoàn Tống Quan Khổng Lâm Hầu Thái Hán Ông Phí Đồng Viên Kim Tôn "
        "Cù Đậu Lại Mẫn Nhữ Ninh Quản Sầm Thạch Tiêu Từ Ứng Xa Yên Bế Hoàng Lưu Hoa Diệp Khúc Kha Ma Bàn"
    ).split()
)


def _split(v: str) -> list[str]:
    return [a.strip() for a in v.split("|") if a.strip()]


@lru_cache(maxsize=1)
def agencies() -> list[dict[str, Any]]:
    """Agencies: id, label, name, aliases, generic_aliases, kind, became, note."""
    rows = read_csv(get_settings().data_dir / "agencies.csv")
    out = []
    seen: set[str] = set()
    for r in rows:
        if not r.get("id") or r["id"] in seen:
            raise DataError(f"agencies.csv: missing or duplicate id in row {r}")
        seen.add(r["id"])
        aliases = _split(r["aliases"])
        if r["name"] not in aliases:
            aliases.insert(0, r["name"])
        out.append({
            "id": r["id"], "label": r["label"] or "ORG", "name": r["name"], "aliases": aliases,
            "generic_aliases": _split(r["generic_aliases"]), "kind": r["kind"],
            "became": r["became"] or None, "note": r["note"],
        })
    return out


def agency(agency_id: str) -> dict[str, Any]:
    for a in agencies():
        if a["id"] == agency_id:
            return a
    raise KeyError(agency_id)


@lru_cache(maxsize=1)
def office_holders() -> list[dict[str, Any]]:
    """Dated office-holders: id, name, role, org_id, start, end (None = still in office), fictional."""
    out = []
    for r in read_csv(get_settings().data_dir / "office_holders.csv"):
        try:
            start = date.fromisoformat(r["start"]) if r["start"] else None
            end = date.fromisoformat(r["end"]) if r["end"] else None
        except ValueError as e:
            raise DataError(f"office_holders.csv: bad date in {r}") from e
        out.append({
            "id": r["id"], "name": r["name"], "role": r["role"], "org_id": r["org_id"], "start": start,
            "end": end, "fictional": r["fictional"].lower() == "true", "note": r["note"],
        })
    return out


def holder_at(org_id: str, role: str, on: str | date) -> dict[str, Any] | None:
    """Who held ``role`` at ``org_id`` on a date (ISO string or date), or None."""
    day = date.fromisoformat(on) if isinstance(on, str) else on
    role = nfc(role).lower()
    for h in office_holders():
        if h["org_id"] != org_id or h["role"].lower() != role:
            continue
        if (h["start"] is None or h["start"] <= day) and (h["end"] is None or day <= h["end"]):
            return h
    return None
