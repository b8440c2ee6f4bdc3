"""Press registry import, citizens' feedback validation/status, inspection cases (offline)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import Workbook

from casework import cases, feedback, registry
from common.errors import ValidationError

AT = datetime(2025, 8, 1, 8, tzinfo=UTC)


def test_outlet_import_csv_with_per_row_errors(tmp_path):
    p = tmp_path / "outlets.csv"
    p.write_text(
        "\ufeffid,tên,cấp,loại,số giấy phép,tài khoản\n"
        "https://www.BaoPhuTho.vn/,Báo Phú Thọ,provincial,newspaper,123/GP-BTTTT,facebook:baophutho\n"
        "not a host,Sai,provincial,newspaper,,\n"
        "vnexpress.net,VnExpress,national,online,,\n"
        "vnexpress.net,VnExpress again,national,online,,\n"
        ",,,,,\n"
        "x.vn,Cấp lạ,planetary,online,,\n", encoding="utf-8")
    res = registry.parse_file("outlets", p, by="admin", at=AT)
    assert [r["id"] for r in res.rows] == ["baophutho.vn", "vnexpress.net"]
    assert res.rows[0]["accounts"] == ["facebook:baophutho"] and res.rows[0]["licence_no"] == "123/GP-BTTTT"
    assert [(e.row, "tên miền" in e.message or "trùng" in e.message or "cấp" in e.message) for e in res.errors] == [
        (3, True), (5, True), (7, True)]


def test_journalist_xlsx_resident_card_history(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["name", "press_card_no", "outlet_id", "resident", "resident_area", "history", "aliases"])
    ws.append(["Nguyễn Văn A", "12345", "vnexpress.net", "có", "Phú Thọ",
               "baophutho.vn|01/01/2015|31/12/2020|phóng viên", "N.V.A"])
    ws.append(["Trần B", None, None, "không", None, None, None])
    ws.append(["Lê C", "9", "dantri.com.vn", "perhaps", None, None, None])
    p = tmp_path / "j.xlsx"
    wb.save(p)
    res = registry.parse_file("journalists", p, by="admin", at=AT)
    assert len(res.rows) == 1 and len(res.errors) == 2
    j = res.rows[0]
    assert j["resident"] is True and j["press_card_no"] == "12345" and j["outlet_id"] == "vnexpress.net"
    assert j["history"][0] == {"outlet_id": "baophutho.vn", "from": "2015-01-01", "to": "2020-12-31",
                               "role": "phóng viên", "resident": False}
    assert j["history"][1]["to"] is None and j["history"][1]["resident"] is True
    assert j["id"].startswith("journalist:")
    assert {e.row for e in res.errors} == {3, 4}


def test_spokesperson_requires_agency():
    res = registry.parse_records("spokespeople", [
        {"name": "Phạm D", "title": "Chánh Văn phòng", "agency_id": "org:ubnd-phu-tho", "since": "2025-07-01"},
        {"name": "Không cơ quan"},
    ], by="admin", at=AT)
    assert res.rows[0]["agency_id"] == "org:ubnd-phu-tho" and res.rows[0]["since"] == "2025-07-01"
    assert res.errors[0].row == 3 and "agency_id" in res.errors[0].message
    with pytest.raises(ValidationError):
        registry.parse_records("nonsense", [], by="a", at=AT)
    with pytest.raises(ValidationError):
        registry.read_table(__import__("pathlib").Path("x.pdf"))


GOOD = {"subject_kind": "outlet", "subject_id": "baophutho.vn", "message": "Bài viết đưa tin sai về vụ sạt lở.",
        "category": "false_information", "contact_name": "Nguyễn Thị E", "contact_email": "e@example.vn",
        "contact_phone": "0912 345 678"}


def test_feedback_validation_and_row_keeps_contact_apart():
    sub = feedback.validate_submission(GOOD)
    row = feedback.new_feedback_row(sub, received_at=AT, ip_digest="h")
    assert row["status"] == "new" and row["contact"]["email"] == "e@example.vn"
    assert "e@example.vn" not in json.dumps({k: v for k, v in row.items() if k != "contact"})
    assert feedback.fingerprint(sub) == feedback.fingerprint(
        feedback.validate_submission(GOOD | {"message": "  bài VIẾT đưa tin sai về vụ sạt lở!! "}))


@pytest.mark.parametrize("change", [
    {"subject_kind": "president"}, {"subject_id": None, "subject_text": None}, {"message": "ngắn"},
    {"message": "x" * 6000}, {"contact_email": "not-an-email"}, {"contact_phone": "call me"},
    {"message": " ".join(["https://spam.example"] * 6) + " mua ngay"}, {"category": "rant"},
    {"message": 42},
])
def test_feedback_bad_input_refused(change):
    with pytest.raises(ValidationError):
        feedback.validate_submission(GOOD | change)


def test_feedback_duplicates_and_transitions():
    recent = [{"id": "feedback:1", "received_at": (AT - timedelta(hours=2)).isoformat()}]
    with pytest.raises(feedback.DuplicateFeedbackError):
        feedback.check_duplicate("fp", recent, now=AT)
    feedback.check_duplicate("fp", [{"id": "f", "received_at": (AT - timedelta(days=3)).isoformat()}], now=AT)
    row = feedback.new_feedback_row(feedback.validate_submission(GOOD), received_at=AT, ip_digest=None)
    t = feedback.transition(row, "triaged", by="press", at=AT + timedelta(hours=1))
    assert t["status"] == "triaged" and len(json.loads(t["history"])) == 2 and t["contact"] is None
    with pytest.raises(ValidationError):
        feedback.transition(t, "resolved", by="press", at=AT)  # needs a resolution
    done = feedback.transition(t, "resolved", by="press", at=AT, resolution="Đã yêu cầu cải chính")
    with pytest.raises(ValidationError):
        feedback.transition(done, "triaged", by="press", at=AT)
    with pytest.raises(ValidationError):
        feedback.transition(row, "resolved", by="press", at=AT, resolution="x")  # new → resolved not allowed


def test_cases_validation_and_status():
    sha = "a" * 64
    row = cases.new_case_row({"title": "Đăng tin sai sự thật", "violation": "Điều 8 Luật Báo chí",
                              "outlets": ["x.vn"], "evidence_sha256": [sha.upper()]}, by="tt", at=AT)
    assert row["status"] == "open" and row["evidence_sha256"] == [sha] and row["outlets"] == ["x.vn"]
    with pytest.raises(ValidationError):
        cases.new_case_row({"title": "Không liên kết"}, by="tt", at=AT)
    with pytest.raises(ValidationError):
        cases.new_case_row({"title": "t", "outlets": ["x.vn"], "evidence_sha256": ["abc"]}, by="tt", at=AT)
    up = cases.update_case_row(row, {"status": "investigating", "accounts": ["facebook:y"]}, by="tt", at=AT)
    assert up["status"] == "investigating" and up["accounts"] == ["facebook:y"] and up["outlets"] == ["x.vn"]
    closed = cases.update_case_row(up, {"status": "closed"}, by="tt", at=AT)
    assert closed["closed_at"] == AT.isoformat() and len(json.loads(closed["history"])) == 3
    with pytest.raises(ValidationError):
        cases.update_case_row(closed, {"status": "investigating"}, by="tt", at=AT)
