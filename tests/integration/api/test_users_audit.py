"""Users and API keys in the real graph, the `lantoa users` commands, and the audit chain's tamper evidence."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from api import auth
from api.auth import UserStore, verify_audit_chain, write_audit_event

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _fast_argon(monkeypatch, tmp_path):
    monkeypatch.setenv("LANTOA_AUTH_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("LANTOA_AUTH_ARGON2_MEMORY_KIB", "8192")
    monkeypatch.setenv("LANTOA_AUTH_SECRET_FILE", str(tmp_path / "secret"))
    auth.reset_caches()
    yield
    auth.reset_caches()


def test_users_and_keys_round_trip(neo4j_driver, neo4j_connection):
    db = neo4j_connection[2]
    auth.ensure_auth_schema(neo4j_driver, database=db)
    store = UserStore(neo4j_driver, database=db)
    store.add_user("thanh.tra", "mat-khau-rat-dai", ["inspector"], name="Thanh tra Hà")
    with neo4j_driver.session(database=db) as s:
        h = s.run("MATCH (u:User {id: 'thanh.tra'}) RETURN u.password_hash AS h").single()["h"]
    assert h.startswith("$argon2id$") and "mat-khau" not in h
    p = store.authenticate("thanh.tra", "mat-khau-rat-dai")
    assert p is not None and p.roles == {auth.Role.INSPECTOR}
    assert store.authenticate("thanh.tra", "sai") is None and store.authenticate("khong-co", "x" * 10) is None
    key_id, full = store.add_api_key("thanh.tra", "tích hợp", ["analyst"])
    assert store.api_key_principal(full).roles == {auth.Role.ANALYST}
    assert store.api_key_principal(full[:-1] + ("A" if full[-1] != "A" else "B")) is None
    store.set_disabled("thanh.tra", True)
    assert store.authenticate("thanh.tra", "mat-khau-rat-dai") is None
    assert store.api_key_principal(full) is None  # a disabled owner's keys stop working


def test_audit_chain_detects_edits_and_deletions(neo4j_driver, neo4j_connection):
    db = neo4j_connection[2]
    with neo4j_driver.session(database=db) as s:
        s.run("MATCH (n:AuditEvent|AuditChain) DETACH DELETE n").consume()
    for i in range(5):
        write_audit_event(neo4j_driver, database=db, actor="lan", roles=["inspector"], action="evidence.view",
                          target=f"article:{i}", ip="127.0.0.1")
    rep = verify_audit_chain(neo4j_driver, database=db)
    assert rep.ok and rep.events == 5
    with neo4j_driver.session(database=db) as s:
        s.run("MATCH (e:AuditEvent {seq: 3}) SET e.target = 'article:khac'").consume()
    rep = verify_audit_chain(neo4j_driver, database=db)
    assert not rep.ok and any("#3" in p for p in rep.problems)
    with neo4j_driver.session(database=db) as s:
        s.run("MATCH (e:AuditEvent {seq: 3}) SET e.target = 'article:2'").consume()
    assert verify_audit_chain(neo4j_driver, database=db).ok
    with neo4j_driver.session(database=db) as s:
        s.run("MATCH (e:AuditEvent {seq: 5}) DELETE e").consume()  # drop the last event
    rep = verify_audit_chain(neo4j_driver, database=db)
    assert not rep.ok


def test_concurrent_appends_keep_one_chain(neo4j_driver, neo4j_connection):
    from concurrent.futures import ThreadPoolExecutor

    db = neo4j_connection[2]
    with neo4j_driver.session(database=db) as s:
        s.run("MATCH (n:AuditEvent|AuditChain) DETACH DELETE n").consume()
    with ThreadPoolExecutor(6) as ex:
        list(ex.map(lambda i: write_audit_event(neo4j_driver, database=db, actor=f"u{i}", roles=[],
                                                action="x", target=str(i)), range(30)))
    rep = verify_audit_chain(neo4j_driver, database=db)
    assert rep.ok and rep.events == 30


def test_users_cli(neo4j_env, neo4j_driver):
    env = {**os.environ, **neo4j_env, "LANTOA_NEW_USER_PASSWORD": "mat-khau-cli-123",
           "LANTOA_AUTH_ARGON2_TIME_COST": "1", "LANTOA_AUTH_ARGON2_MEMORY_KIB": "8192"}
    cmd = [sys.executable, "-c", "from api.cli_users import app; app()"]
    r = subprocess.run([*cmd, "add", "canbo.bao.chi", "--role", "press_officer", "--name", "Cán bộ báo chí"],
                       cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*cmd, "list"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "canbo.bao.chi" in r.stdout and "press_officer" in r.stdout
    r = subprocess.run([*cmd, "add", "x", "--role", "root"], cwd=REPO, env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2 and "vai trò không hợp lệ" in r.stderr
    r = subprocess.run([*cmd, "audit-verify"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
