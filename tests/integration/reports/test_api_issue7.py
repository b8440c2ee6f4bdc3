"""Reports, registry, citizens' feedback, cases and handling through the real FastAPI app and real Neo4j."""

from __future__ import annotations

import io
import json

import pytest
from neo4j_support import api_client
from openpyxl import Workbook

from . import world


def _token(*roles: str, uid: str = "u") -> dict[str, str]:
    from api.auth import Principal, Role, issue_token

    p = Principal(id=uid, name=uid, roles=frozenset(Role(r) for r in roles))
    return {"Authorization": f"Bearer {issue_token(p)}"}


@pytest.fixture(scope="module")
def client(neo4j_driver, neo4j_connection, tmp_path_factory):
    world.build(neo4j_driver, neo4j_connection[2])
    with api_client(neo4j_connection, LANTOA_AUTH_SECRET_KEY="test-secret-for-issue-7-tests-0123456789",
                    LANTOA_AUTH_PUBLIC_PER_MIN="600") as c:
        yield c


def test_reports_need_credentials_and_roles(client):
    assert client.get("/reports").status_code == 401
    assert client.get("/reports/daily_digest/run").status_code == 401
    analyst = _token("analyst")
    assert client.get("/reports", headers=analyst).status_code == 200
    # personal-data report refused to an analyst, allowed to the police liaison
    r = client.get("/reports/top_amplifiers_of_story/run", params={"story_id": "s1"}, headers=analyst)
    assert r.status_code == 403
    r = client.get("/reports/top_amplifiers_of_story/run", params={"story_id": "s1"},
                   headers=_token("police_liaison"))
    assert r.status_code == 200 and len(r.json()["rows"]) == 4


def test_report_formats_and_errors(client):
    h = _token("police_liaison")
    r = client.get("/reports/daily_digest/run", params={"day": "2025-08-15", "format": "html"}, headers=h)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "&lt;script&gt;" in r.text and "<script>alert(1)" not in r.text
    r = client.post("/reports/weekly_summary/run", json={"params": {"end": "2025-08-15"}, "format": "xlsx"},
                    headers=h)
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = client.get("/reports/daily_digest/run", params={"day": "2025-08-15", "format": "csv"}, headers=h)
    assert r.text.lstrip("\ufeff").startswith("story_id,title")
    assert client.get("/reports/nope/run", headers=h).status_code == 404
    assert client.get("/reports/..%2Fload%2Farticles/run", headers=h).status_code == 404
    assert client.get("/reports/daily_digest/run", params={"day": "yesterday-ish"}, headers=h).status_code == 422
    assert client.get("/reports/daily_digest/run", params={"bogus": "1"}, headers=h).status_code == 422
    r = client.get("/reports/feedback_about_target/run", headers=h,
                   params={"target_id": "vnexpress.net' OR 1=1 WITH 1 AS x MATCH (n) DETACH DELETE n //"})
    assert r.status_code == 200 and r.json()["rows"] == []
    r = client.get("/reports/feedback_about_target/run", params={"target_id": "vnexpress.net"}, headers=h)
    assert [x["feedback_id"] for x in r.json()["rows"]] == ["feedback:1"]


GOOD = {"subject_kind": "article", "subject_id": "https://vnexpress.net/a2",
        "message": "Bài báo đăng ảnh người bị nạn không che mặt.", "category": "privacy",
        "contact_name": "Nguyễn Thị E", "contact_email": "e@example.vn"}


def test_public_feedback_contact_visibility_and_status(client):
    r = client.post("/feedback", json=GOOD)
    assert r.status_code == 201, r.text
    fid = r.json()["id"]
    again = client.post("/feedback", json=GOOD | {"message": GOOD["message"].upper()})
    assert again.status_code == 409 and again.json()["id"] == fid
    assert client.post("/feedback", json=GOOD | {"message": "ngắn"}).status_code == 422
    assert client.post("/feedback", content=b"x" * 40_000, headers={"content-type": "application/json"}
                       ).status_code == 413
    assert client.post("/feedback", content=b"hello", headers={"content-type": "text/plain"}).status_code == 415
    form = client.post("/feedback", data={"subject_kind": "outlet", "subject_text": "Báo X",
                                          "message": "Phóng viên tự xưng đòi tiền doanh nghiệp."},
                       headers={"accept": "text/html"})
    assert form.status_code == 201 and "Đã nhận phản ánh" in form.text

    assert client.get(f"/feedback/{fid}").status_code == 401
    analyst = client.get(f"/feedback/{fid}", headers=_token("analyst"))
    assert analyst.status_code == 200 and analyst.json()["contact"] is None and analyst.json()["has_contact"]
    assert "e@example.vn" not in analyst.text
    press = client.get(f"/feedback/{fid}", headers=_token("press_officer", uid="press"))
    assert press.json()["contact"]["email"] == "e@example.vn" and press.json()["linked_id"] == GOOD["subject_id"]
    listing = client.get("/feedback", headers=_token("press_officer"))
    assert "e@example.vn" not in listing.text and fid in listing.text

    h = _token("press_officer", uid="press")
    assert client.post(f"/feedback/{fid}/status", json={"status": "resolved", "resolution": "x"},
                       headers=h).status_code == 422  # new → resolved is not a transition
    r = client.post(f"/feedback/{fid}/status", json={"status": "triaged"}, headers=h)
    assert r.status_code == 200 and r.json()["status"] == "triaged"
    r = client.post(f"/feedback/{fid}/status", json={"status": "resolved", "resolution": "Đã yêu cầu gỡ ảnh"},
                    headers=h)
    assert r.json()["status"] == "resolved" and [x["status"] for x in r.json()["history"]] == [
        "new", "triaged", "resolved"]
    assert client.post(f"/feedback/{fid}/status", json={"status": "triaged"},
                       headers=_token("analyst")).status_code == 403


def test_registry_edit_and_upload(client):
    h = _token("press_officer", uid="press")
    assert client.put("/registry/outlets", json={"rows": []}, headers=_token("analyst")).status_code == 403
    r = client.put("/registry/spokespeople", headers=h, json={"rows": [
        {"name": "Phạm Văn D", "title": "Chánh Văn phòng UBND tỉnh", "agency_id": "org:ubnd-phu-tho",
         "agency_name": "UBND tỉnh Phú Thọ", "since": "2025-07-01", "decision_ref": "QĐ 12/QĐ-UBND"},
        {"name": "Thiếu cơ quan"}]})
    assert r.status_code == 200 and r.json()["written"] == 1 and r.json()["errors"][0]["row"] == 2
    sp = client.get("/registry/spokespeople", headers=_token("analyst")).json()["items"]
    assert sp[0]["agency_name"] == "UBND tỉnh Phú Thọ" and sp[0]["decision_ref"] == "QĐ 12/QĐ-UBND"

    wb = Workbook()
    ws = wb.active
    ws.append(["name", "press_card_no", "outlet_id", "resident", "resident_area", "aliases"])
    ws.append(["Nguyễn Văn A", "PT-001", "baophutho.vn", "có", "Hòa Bình", ""])
    ws.append(["", "", "", "", "", ""])
    ws.append(["Không cơ quan", "", "", "", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    r = client.post("/registry/journalists/import", headers=h,
                    files={"file": ("j.xlsx", buf.getvalue(), "application/octet-stream")})
    assert r.status_code == 200, r.text
    assert r.json()["written"] == 1 and [e["row"] for e in r.json()["errors"]] == [4]
    js = client.get("/registry/journalists", params={"outlet_id": "baophutho.vn"}, headers=h).json()["items"]
    reg = next(j for j in js if j["press_card_no"] == "PT-001")
    assert reg["resident"] and reg["linked_bylines"] == 1  # the crawled byline "Nguyễn Văn A" at baophutho.vn
    bad = client.post("/registry/outlets/import", headers=h, files={"file": ("x.pdf", b"%PDF", "application/pdf")})
    assert bad.status_code == 422


def test_cases_and_handling(client):
    insp = _token("inspector", uid="thanh.tra")
    r = client.post("/cases", headers=insp, json={"title": "Tài khoản lan truyền tin sai",
                                                  "accounts": ["facebook:big"], "posts": ["facebook:p2"],
                                                  "evidence_sha256": [world.SHA]})
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["accounts"] == ["facebook:big"] and case["posts"] == ["facebook:p2"]
    assert case["captures"] == []  # no Capture node with that hash in this graph: kept as a hash only
    assert client.post("/cases", headers=insp, json={"title": "Không liên kết"}).status_code == 422
    assert client.post("/cases", headers=_token("analyst"), json={"title": "x"}).status_code == 403
    r = client.patch(f"/cases/{case['id']}", headers=insp, json={"status": "closed"})
    assert r.json()["status"] == "closed" and r.json()["closed_at"]
    assert client.patch(f"/cases/{case['id']}", headers=insp, json={"status": "investigating"}).status_code == 422

    h = client.get("/handling/s1", headers=_token("analyst")).json()
    assert h["handling"] == "refute" and h["decisions"][0]["decided_by"] == "thanh.tra"
    assert h["refutation_hours"] is not None
    r = client.post("/handling/s1/decision", headers=insp, json={"decided": "crisis_response", "note": "Lan rộng"})
    assert r.status_code == 200
    body = r.json()
    assert body["handling"] == "crisis_response" and len(body["decisions"]) == 2
    assert client.post("/handling/s1/decision", headers=insp, json={"decided": "ignore"}).status_code == 422
    assert client.post("/handling/nope/decision", headers=insp, json={"decided": "watch"}).status_code == 404
    assert client.post("/handling/s1/refutations", headers=insp,
                       json={"item_id": "https://none/x"}).status_code == 404
    d = client.get("/handling/refutation-delays", params={"days": 3650}, headers=_token("analyst")).json()
    assert d[0]["story_id"] == "s1" and d[0]["hours"] == pytest.approx(8.0)
    json.dumps(d)


def test_alert_acknowledge_and_close(client):
    assert client.post("/alerts/alert:1/status", json={"status": "acknowledged"}).status_code == 401
    assert client.post("/alerts/alert:1/status", json={"status": "acknowledged"},
                       headers=_token("press_officer")).status_code == 403
    r = client.post("/alerts/alert:1/status", json={"status": "acknowledged", "note": "Đã báo lãnh đạo"},
                    headers=_token("analyst", uid="phan.tich"))
    assert r.status_code == 200 and r.json()["status"] == "acknowledged" and r.json()["status_by"] == "phan.tich"
    assert r.json()["story_id"] == "s1"
    assert client.post("/alerts/alert:1/status", json={"status": "gone"}, headers=_token("analyst")).status_code == 422
    assert client.post("/alerts/nope/status", json={"status": "closed"}, headers=_token("analyst")).status_code == 404
