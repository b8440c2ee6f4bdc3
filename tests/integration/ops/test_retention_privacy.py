"""Retention, subject export/erasure and the ops CLI on the real Neo4j, with data written through the
project's own load statements (accounts, posts, feedback, cases)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from graph.repository import GraphWriter
from operations.retention import RetentionPolicy, Subject, erase_subject, export_subject, run_retention

pytestmark = pytest.mark.integration

NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


def _account(i: str, observed: str, outlet: str | None = None) -> dict:
    return {"id": f"fb:{i}", "platform": "fb", "handle": i, "name": f"Người {i}", "followers": 10, "kind": "person",
            "verified": False, "created_at": None, "observed_at": observed, "in_scope": True, "outlet": outlet}


def _post(pid: str, acc: str, created: str | None, observed: str) -> dict:
    return {"id": f"fb:{pid}", "platform": "fb", "post_id": pid, "account_id": f"fb:{acc}", "created_at": created,
            "kind": "post", "text": f"bài {pid}", "url": None, "links": [], "shared_url": None, "likes": 1,
            "shares": 0, "comments": 0, "views": None, "observed_at": observed, "time_missing": created is None}


def _feedback(fid: str, received: str, email: str | None = None, phone: str | None = None) -> dict:
    contact = {"name": "Nguyễn Văn A", "email": email, "phone": phone} if (email or phone) else None
    return {"id": fid, "received_at": received, "status": "new", "category": "sai_su_that", "subject_kind": "account",
            "subject_id": "fb:bob", "subject_text": None, "message": "Phản ánh", "fingerprint": fid, "ip_hash": "x",
            "resolution": None, "updated_at": received, "updated_by": None, "history": "[]", "contact": contact}


def _case(cid: str, closed: str | None, posts=(), accounts=()) -> dict:
    return {"id": cid, "title": "Vụ việc", "violation": None, "legal_basis": None,
            "status": "closed" if closed else "open", "opened_at": "2025-01-01T00:00:00+07:00", "opened_by": "t",
            "closed_at": closed, "notes": None, "updated_at": "2025-01-01T00:00:00+07:00", "updated_by": "t",
            "history": "[]", "outlets": [], "journalists": [], "accounts": list(accounts), "articles": [],
            "posts": list(posts), "evidence_sha256": []}


def _ids(driver, label: str) -> set[str]:
    rec, _, _ = driver.execute_query(f"MATCH (n:{label}) RETURN collect(n.id) AS ids")
    return set(rec[0]["ids"])


OLD, RECENT = "2026-01-01T08:00:00+07:00", "2026-06-25T08:00:00+07:00"


def _seed(driver) -> None:
    w = GraphWriter(driver)
    w.write("load/accounts", [_account("old", OLD), _account("fresh", RECENT), _account("press", OLD, "baophutho.vn"),
                              _account("held", OLD), _account("skew", OLD)])
    w.write("load/posts", [
        _post("o1", "old", "2025-12-31T08:00:00+07:00", OLD),
        _post("o2", "old", None, OLD),
        _post("future", "skew", "2031-01-01T00:00:00+07:00", OLD),      # skewed source clock: still expires
        _post("backdated", "fresh", "2019-01-01T00:00:00+07:00", RECENT),  # old date, collected recently: kept
        _post("h1", "held", "2025-12-01T00:00:00+07:00", OLD),           # held by an open case
        _post("c1", "held", "2025-12-01T00:00:00+07:00", OLD),           # its case closed long ago: expires
        _post("pr", "press", None, OLD),
    ])
    w.write("load/cases", [_case("case-open", None, posts=["fb:h1"]),
                           _case("case-closed", "2026-01-05T00:00:00+07:00", posts=["fb:c1"])])
    w.write("load/feedback", [_feedback("f-recent", "2026-06-28T00:00:00+07:00", email="x@y.vn"),
                              _feedback("f-contact", "2026-06-01T00:00:00+07:00", email="old@y.vn"),
                              _feedback("f-old", "2025-10-01T00:00:00+07:00", phone="0912 345 678")])


def test_retention_deletes_what_expired_and_keeps_holds(ops_driver):
    _seed(ops_driver)
    policy = RetentionPolicy(post_days=30, account_days=30, feedback_contact_days=10, feedback_days=200)
    preview = run_retention(ops_driver, policy=policy, now=NOW, dry_run=True)
    assert _ids(ops_driver, "Post") >= {"fb:o1"}  # a dry run deletes nothing
    res = run_retention(ops_driver, policy=policy, now=NOW, batch=1)
    # kept: collected recently (despite its 2019 date), held by an open case, an outlet's own post
    assert _ids(ops_driver, "Post") == {"fb:backdated", "fb:h1", "fb:pr"}
    assert res.deleted["posts"] == preview.deleted["posts"] == 4
    # accounts: left without posts and old -> gone; the outlet's account and the held one stay
    assert _ids(ops_driver, "Account") == {"fb:fresh", "fb:press", "fb:held"}
    assert res.deleted["accounts"] == 2
    # feedback: the old one gone with its contact; the middle one lost only its contact
    assert _ids(ops_driver, "Feedback") == {"f-recent", "f-contact"}
    assert _ids(ops_driver, "FeedbackContact") == {"f-recent"}
    rec, _, _ = ops_driver.execute_query("MATCH (f:Feedback {id: 'f-contact'}) RETURN f.contact_erased_at AS at")
    assert rec[0]["at"] is not None
    # contacts go first (f-contact and f-old), then f-old itself
    assert res.deleted["feedback_contacts"] == preview.deleted["feedback_contacts"] == 2
    assert res.deleted["feedback"] == 1
    again = run_retention(ops_driver, policy=policy, now=NOW)
    assert sum(again.deleted.values()) == 0


def test_disabled_rules_delete_nothing(ops_driver):
    _seed(ops_driver)
    res = run_retention(ops_driver, policy=RetentionPolicy(0, 0, 0, 0), now=NOW)
    assert res.deleted == {"posts": 0, "accounts": 0, "feedback_contacts": 0, "feedback": 0, "captures": 0,
                           "evidence_files": 0, "idempotency_keys": 0}
    assert len(_ids(ops_driver, "Post")) == 7


def test_subject_export_then_erasure(ops_driver, tmp_path):
    _seed(ops_driver)
    GraphWriter(ops_driver).write("load/feedback", [_feedback("f-held-by-phone", RECENT, phone="+84912345678")])
    subject = Subject.of(accounts=["fb:held"], phones=["0912.345.678"])
    data = export_subject(ops_driver, subject)
    assert data["counts"] == {"accounts": 1, "posts": 2, "feedback": 2}
    assert {p["id"] for p in data["posts"]} == {"fb:h1", "fb:c1"}
    assert {f["id"] for f in data["feedback"]} == {"f-old", "f-held-by-phone"}
    json.dumps(data)  # plain JSON, temporal values as ISO text

    before_other = _ids(ops_driver, "Post") - {"fb:h1", "fb:c1"}
    res = erase_subject(ops_driver, subject)
    assert (res.posts, res.feedback, res.accounts) == (1, 2, 0)
    assert res.held_by_open_cases == ["fb:h1"]
    assert _ids(ops_driver, "Post") == before_other | {"fb:h1"}
    assert "fb:held" in _ids(ops_driver, "Account")  # still has a held post
    assert not {"f-old", "f-held-by-phone"} & _ids(ops_driver, "Feedback")
    assert export_subject(ops_driver, Subject.of(emails=["old@y.vn"]))["counts"]["feedback"] == 1


def test_subject_needs_an_identifier():
    from common.errors import ValidationError

    with pytest.raises(ValidationError):
        Subject.of()
    with pytest.raises(ValidationError):
        Subject.of(accounts=["no-platform"])


@pytest.fixture()
def cli_env(ops_server, monkeypatch, tmp_path):
    from graph.settings import clear_caches
    from operations.settings import get_ops_settings

    pw = ops_server.s.password_file.read_text().strip()
    for k, v in {"NEO4J_URI": ops_server.s.bolt_uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": pw,
                 "LANTOA_DATA_DIR": str(tmp_path / "data"), "LANTOA_OPS_BACKUP_KEY": "khoa-bi-mat-sao-luu"}.items():
        monkeypatch.setenv(k, v)
    clear_caches()
    get_ops_settings.cache_clear()
    yield tmp_path
    clear_caches()
    get_ops_settings.cache_clear()


def test_cli_backup_restore_retention_privacy_and_audit(ops_driver, cli_env):
    from api.auth import verify_audit_chain
    from api.cli_ops import app
    from etl.evidence import EvidenceStore

    _seed(ops_driver)
    EvidenceStore(cli_env / "data" / "evidence").store(b"<html>trang</html>", url="https://bao.vn/a")
    runner = CliRunner()
    r = runner.invoke(app, ["backup", "-o", str(cli_env / "b.tar")])
    assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["verify-backup", str(cli_env / "b.tar")]).exit_code == 0
    r = runner.invoke(app, ["restore", str(cli_env / "b.tar")])
    assert r.exit_code == 2 and "not empty" in r.output
    r = runner.invoke(app, ["restore", str(cli_env / "b.tar"), "--replace"])
    assert r.exit_code == 0, r.output
    assert len(_ids(ops_driver, "Post")) == 7
    r = runner.invoke(app, ["retention", "run", "--dry-run"])
    assert r.exit_code == 0, r.output
    out = cli_env / "alice.json"
    r = runner.invoke(app, ["privacy", "export", "-a", "fb:old", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert json.loads(out.read_text())["counts"]["posts"] == 2
    r = runner.invoke(app, ["privacy", "delete", "-a", "fb:old", "--yes"])
    assert r.exit_code == 0, r.output
    assert "fb:old" not in _ids(ops_driver, "Account")
    r = runner.invoke(app, ["processing-record", "-f", "html", "-o", str(cli_env / "record.html")])
    assert r.exit_code == 0, r.output
    page = (cli_env / "record.html").read_text()
    assert "HỒ SƠ XỬ LÝ DỮ LIỆU CÁ NHÂN" in page and "hiện có 4 tài khoản" in page  # 5 seeded, fb:old erased
    chain = verify_audit_chain(ops_driver)
    assert chain.ok and chain.events == 3  # restore, privacy.export, privacy.delete
    rec, _, _ = ops_driver.execute_query("MATCH (e:AuditEvent) RETURN e.action AS a ORDER BY e.seq")
    assert [x["a"] for x in rec] == ["backup.restore", "privacy.export", "privacy.delete"]
    # an unsigned archive is refused once a key is configured
    from operations.backup import create_backup

    create_backup(ops_driver, cli_env / "unsigned.tar")
    r = runner.invoke(app, ["restore", str(cli_env / "unsigned.tar"), "--replace"])
    assert r.exit_code == 2 and "not signed" in r.output
