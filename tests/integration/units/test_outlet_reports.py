"""Press outlets' online reports (issue 18), on the real Neo4j through the real app: the department asks two
registered outlets for a report; one outlet submits in time with an attachment kept as evidence, hostile uploads are
refused with a clear error and nothing lost, the other outlet sees nothing of it, and the late report lists the
outlet that missed its deadline and not the one that answered in time."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from neo4j_support import api_client

from casework import outlet_reports as orep
from casework import registry
from common.errors import ValidationError
from etl.evidence import EvidenceStore, sha256_hex
from graph.repository import GraphReader, GraphWriter

pytestmark = pytest.mark.integration

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "mat-khau-thu-nghiem-1"
GOOD, LATE = "baophutho.vn", "phuthotv.vn"
PDF = b"%PDF-1.7\n% Bao cao thang\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document>Trả lời</w:document>")
    return buf.getvalue()


@pytest.fixture(scope="module")
def site(neo4j_driver, neo4j_connection, tmp_path_factory):
    database = neo4j_connection[2]
    w = GraphWriter(neo4j_driver, database=database)
    at = datetime.now(TZ)
    parsed = registry.parse_records("outlets", [
        {"id": GOOD, "name": "Báo Phú Thọ", "level": "provincial", "kind": "newspaper"},
        {"id": LATE, "name": "Đài Phát thanh và Truyền hình Phú Thọ", "level": "provincial", "kind": "radio_tv"},
    ], by="test", at=at)
    w.write("load/registry_outlets", parsed.rows)
    data_dir = tmp_path_factory.mktemp("outlet-reports")
    env = {"LANTOA_AUTH_SECRET_KEY": "test-secret-for-issue-18-outlet-reports-0123", "LANTOA_DATA_DIR": str(data_dir),
           "LANTOA_AUTH_ARGON2_TIME_COST": "1", "LANTOA_AUTH_ARGON2_MEMORY_KIB": "8192",
           "LANTOA_AUTH_RATE_PER_S": "100000", "LANTOA_AUTH_RATE_BURST": "100000"}
    with api_client(neo4j_connection, **env) as c:
        from api.auth import UserStore

        store = UserStore(neo4j_driver, database=database)
        for uid, roles in (("bt.good", ["outlet_reporter"]), ("bt.late", ["outlet_reporter"]),
                           ("bt.unbound", ["outlet_reporter"]), ("so.bc", ["press_officer"]),
                           ("phan.tich", ["analyst"])):
            store.add_user(uid, PASSWORD, roles)
        orep.set_representative(w, GOOD, "bt.good")
        orep.set_representative(w, LATE, "bt.late")

        def login(uid: str) -> dict[str, str]:
            t = c.post("/auth/token", data={"username": uid, "password": PASSWORD})
            assert t.status_code == 200, t.text
            return {"Authorization": f"Bearer {t.json()['access_token']}"}

        yield {"c": c, "w": w, "r": GraphReader(neo4j_driver, database=database), "data_dir": data_dir,
               "h": {u: login(u) for u in ("bt.good", "bt.late", "bt.unbound", "so.bc", "phan.tich")}}


def _request(site, *, due: datetime, title: str, key: str | None = None, **extra) -> dict:
    headers = {**site["h"]["so.bc"], **({"Idempotency-Key": key} if key else {})}
    r = site["c"].post("/outlet-reports/requests", headers=headers,
                       json={"title": title, "due_at": due.isoformat(), **extra})
    assert r.status_code == 201, r.text
    return r.json()


def _due_of(req: dict, outlet: str, seq: int = 1) -> str:
    return next(d["id"] for d in req["dues"] if d["outlet_id"] == outlet and d["seq"] == seq)


def test_a_representative_is_bound_to_one_outlet(site):
    with pytest.raises(ValidationError, match="một cơ quan"):
        orep.set_representative(site["w"], LATE, "bt.good")


def test_only_the_department_makes_requests_for_registered_outlets(site):
    c, h = site["c"], site["h"]
    body = {"title": "Yêu cầu", "due_at": datetime.now(TZ).isoformat()}
    assert c.post("/outlet-reports/requests", headers=h["bt.good"], json=body).status_code == 403
    assert c.post("/outlet-reports/requests", json=body).status_code == 401
    r = c.post("/outlet-reports/requests", headers=h["so.bc"], json={**body, "outlets": ["khong-co.vn"]})
    assert r.status_code == 404 and "khong-co.vn" in r.json()["detail"]
    r = c.post("/outlet-reports/requests", headers=h["so.bc"], json={**body, "due_at": "2026-01-01T10:00:00"})
    assert r.status_code == 422  # a due time needs its time zone


def test_submit_refusals_in_time_and_late_report(site):
    c, h, r = site["c"], site["h"], site["r"]
    now = datetime.now(TZ)
    # an answer asked of every registered outlet, due in a few seconds; a monthly obligation whose first month passed
    ask_due = now + timedelta(seconds=15)
    ask = _request(site, due=ask_due, title="Trả lời văn bản số 12/STTTT về tin sai sự thật", key="req-ask-1")
    again = c.post("/outlet-reports/requests", headers={**h["so.bc"], "Idempotency-Key": "req-ask-1"},
                   json={"title": "Trả lời văn bản số 12/STTTT về tin sai sự thật", "due_at": ask_due.isoformat()})
    assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["id"] == ask["id"]
    assert {d["outlet_id"] for d in ask["dues"]} == {GOOD, LATE}
    monthly = _request(site, due=now - timedelta(days=2), title="Báo cáo tháng về hoạt động báo chí",
                       period="monthly", occurrences=3, outlets=[GOOD, LATE])
    assert len(monthly["dues"]) == 6

    # the good outlet answers the request in time, with a PDF and a DOCX (a hostile path in the file name)
    docx = _docx()
    files = [("files", ("../../../etc/Trả lời.pdf", PDF, "application/pdf")),
             ("files", ("C:\\tmp\\..\\phu-luc.docx", docx, "application/octet-stream"))]
    form = {"title": "Trả lời văn bản 12/STTTT", "text": "Báo đã gỡ bài và đăng cải chính.",
            "due_id": _due_of(ask, GOOD)}
    sub = c.post("/outlet-reports", headers={**h["bt.good"], "Idempotency-Key": "sub-1"}, data=form, files=files)
    assert sub.status_code == 201, sub.text
    rep = sub.json()
    assert rep["outlet_id"] == GOOD and rep["status"] == "on_time"
    names = {a["filename"]: a for a in rep["attachments"]}
    assert set(names) == {"Trả lời.pdf", "phu-luc.docx"}
    assert names["Trả lời.pdf"]["sha256"] == sha256_hex(PDF)
    assert names["phu-luc.docx"]["media_type"].endswith("wordprocessingml.document")
    # kept as evidence (content-addressed, verified on read), nothing written outside the store
    store = EvidenceStore(site["data_dir"] / "evidence")
    assert store.read(sha256_hex(PDF)) == PDF
    assert not any(p.name == "Trả lời.pdf" for p in site["data_dir"].rglob("*"))
    # a retry with the same key writes nothing more
    retry = c.post("/outlet-reports", headers={**h["bt.good"], "Idempotency-Key": "sub-1"}, data=form, files=files)
    assert retry.status_code == 201 and retry.headers.get("Idempotent-Replayed") == "true"
    assert retry.json()["id"] == rep["id"]
    assert len(c.get("/outlet-reports", headers=h["so.bc"]).json()["items"]) == 1
    got = c.get(f"/outlet-reports/{rep['id']}/attachments/{sha256_hex(PDF)}", headers=h["bt.good"])
    assert got.status_code == 200 and got.content == PDF
    assert got.headers["content-type"] == "application/pdf" and got.headers["x-content-type-options"] == "nosniff"

    # hostile uploads: refused with a clear Vietnamese error, nothing stored, nothing lost
    before = sorted(p.name for p in (site["data_dir"] / "evidence").rglob("*"))
    bad = [
        ([("files", ("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "application/pdf"))], "nội dung không phải"),
        ([("files", ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "application/pdf"))], "đổi đuôi"),
        ([("files", ("trang.html", b"<html><script>alert(1)</script>", "text/html"))], "không được nhận"),
        ([("files", ("ok.pdf", PDF, "application/pdf")),
          ("files", ("lon.pdf", PDF + b"0" * orep.MAX_ATTACHMENT_BYTES, "application/pdf"))], "quá lớn"),
    ]
    for files_bad, words in bad:
        res = c.post("/outlet-reports", headers=h["bt.good"], files=files_bad,
                     data={"title": "Báo cáo có tệp xấu", "due_id": _due_of(monthly, GOOD)})
        assert res.status_code == 422, res.text
        assert words in res.json()["detail"]
    assert sorted(p.name for p in (site["data_dir"] / "evidence").rglob("*")) == before
    assert len(c.get("/outlet-reports", headers=h["so.bc"]).json()["items"]) == 1
    assert c.get(f"/outlet-reports/{rep['id']}", headers=h["so.bc"]).json()["attachments"] == rep["attachments"]

    # the other outlet sees nothing of it, submits nothing for it, and nobody unbound submits at all
    other = h["bt.late"]
    assert c.get(f"/outlet-reports/{rep['id']}", headers=other).status_code == 404
    assert c.get(f"/outlet-reports/{rep['id']}/attachments/{sha256_hex(PDF)}", headers=other).status_code == 404
    assert c.get("/outlet-reports", headers=other).json()["items"] == []
    assert c.get("/outlet-reports", headers=other, params={"outlet_id": GOOD}).status_code == 403
    assert {d["outlet_id"] for d in c.get("/outlet-reports/dues", headers=other).json()} == {LATE}
    res = c.post("/outlet-reports", headers=other, data={"title": "x", "due_id": _due_of(ask, GOOD)})
    assert res.status_code == 404
    assert c.post("/outlet-reports", headers=h["bt.unbound"], data={"title": "x"}).status_code == 403
    assert c.post("/outlet-reports", headers=h["so.bc"], data={"title": "x"}).status_code == 403
    assert c.get("/reports/outlet_reports_late/run", headers=other).status_code == 403

    # the late outlet answers the monthly report after its due time
    res = c.post("/outlet-reports", headers=other, data={"title": "Báo cáo tháng", "due_id": _due_of(monthly, LATE)},
                 files=[("files", ("bao-cao-thang.pdf", PDF, "application/pdf"))])
    assert res.status_code == 201 and res.json()["status"] == "late"
    mine = {d["due_id"]: d["status"] for d in c.get("/outlet-reports/dues", headers=h["bt.good"]).json()}
    assert mine[_due_of(ask, GOOD)] == "on_time" and mine[_due_of(monthly, GOOD)] == "missing"
    assert mine[_due_of(monthly, GOOD, 2)] == "pending"

    # a due not yet passed is nobody's lateness
    early = c.get("/reports/outlet_reports_late/run", headers=h["so.bc"]).json()["rows"]
    assert datetime.now(TZ) >= ask_due or all(x["request_id"] != ask["id"] for x in early)
    time.sleep(max(0.0, (ask_due - datetime.now(TZ)).total_seconds() + 0.5))
    # who is late, from the report catalogue: the good outlet is not listed for the request it answered in time
    late = c.get("/reports/outlet_reports_late/run", headers=h["phan.tich"],
                 params={"at": datetime.now(TZ).date().isoformat()})
    assert late.status_code == 200, late.text
    rows = {(x["outlet_id"], x["request_id"]): x for x in late.json()["rows"]}
    assert (GOOD, ask["id"]) not in rows
    assert rows[(LATE, ask["id"])]["status"] == "missing"
    assert rows[(LATE, monthly["id"])]["status"] == "late" and rows[(LATE, monthly["id"])]["days_late"] >= 1.9
    assert rows[(GOOD, monthly["id"])]["status"] == "missing"
    # as of yesterday the answer (due in an hour) was not yet due: nobody is late for it
    before_due = c.get("/reports/outlet_reports_late/run", headers=h["so.bc"],
                       params={"at": (now - timedelta(days=1)).date().isoformat()}).json()["rows"]
    assert all(x["request_id"] != ask["id"] for x in before_due)
    xlsx = c.get("/reports/outlet_reports_late/run", headers=h["so.bc"], params={"format": "html"})
    assert xlsx.status_code == 200 and "Cơ quan báo chí chậm nộp báo cáo" in xlsx.text

    # every write is audited
    actions = [e["action"] for e in r.read("auth/audit_all")]
    assert actions.count("outlet_report.submit") == 2 and actions.count("outlet_report.request") == 2


def test_retention_keeps_the_attachments_of_outlet_reports(site):
    """Evidence retention deletes old captures, never the attachments the department holds as records."""
    r, w = site["r"], site["w"]
    reports = r.read("read/outlet_reports_list", {"outlet_id": "", "skip": 0, "limit": 100})
    assert reports
    held = {a["capture_id"] for rep in reports
            for a in r.read("read/outlet_report_get", {"id": rep["id"]})[0]["attachments"]}
    future = (datetime.now(TZ) + timedelta(days=3650)).isoformat()
    w.run("admin/retention_captures", {"cutoff": future, "limit": 10_000})
    after = {a["capture_id"] for rep in reports
             for a in r.read("read/outlet_report_get", {"id": rep["id"]})[0]["attachments"]}
    assert held and after == held


def test_a_tampered_attachment_is_refused_not_served(site):
    c, h = site["c"], site["h"]
    rep = c.get("/outlet-reports", headers=h["bt.good"]).json()["items"][0]
    sha = sha256_hex(PDF)
    blob = EvidenceStore(site["data_dir"] / "evidence").blob_path(sha)
    from etl.evidence import gzip_bytes

    blob.write_bytes(gzip_bytes(PDF.replace(b"Bao cao", b"Bao gia")))
    r = c.get(f"/outlet-reports/{rep['id']}/attachments/{sha}", headers=h["so.bc"])
    assert r.status_code == 409 and "SHA-256" in r.json()["detail"]
