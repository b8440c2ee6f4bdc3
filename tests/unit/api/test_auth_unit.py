"""Offline checks of the auth primitives: tokens, passwords, API key format, rate limiter, roles."""

from __future__ import annotations

import pytest

from api import auth
from api.auth import Principal, RateLimiter, Role
from common.errors import ValidationError


@pytest.fixture(autouse=True)
def _settings(tmp_path, monkeypatch):
    monkeypatch.setenv("LANTOA_AUTH_SECRET_FILE", str(tmp_path / "secret"))
    monkeypatch.setenv("LANTOA_AUTH_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("LANTOA_AUTH_ARGON2_MEMORY_KIB", "8192")
    auth.reset_caches()
    yield
    auth.reset_caches()


def test_token_round_trip_and_tamper():
    p = Principal("lan", "Lan", frozenset({Role.ANALYST}))
    tok = auth.issue_token(p)
    assert auth.verify_token(tok) == p
    body, sig = tok.split(".")
    forged = auth._b64(auth._unb64(body).replace(b"analyst", b"admin\x00\x00"))  # role escalation attempt
    assert auth.verify_token(f"{forged}.{sig}") is None
    assert auth.verify_token(tok[:-2] + ("AA" if tok[-2:] != "AA" else "BB")) is None
    assert auth.verify_token("garbage") is None


def test_token_expiry():
    p = Principal("lan", "Lan", frozenset({Role.ANALYST}))
    tok = auth.issue_token(p, ttl_s=10, now=1000.0)
    assert auth.verify_token(tok, now=1005.0) == p
    assert auth.verify_token(tok, now=1011.0) is None


def test_secret_file_is_private(tmp_path):
    auth.issue_token(Principal("a", "a", frozenset({Role.ADMIN})))
    assert (tmp_path / "secret").stat().st_mode & 0o077 == 0


def test_password_hash_is_argon2id_and_verifies():
    h = auth.hash_password("mật-khẩu-dài")
    assert h.startswith("$argon2id$")
    assert auth.verify_password(h, "mật-khẩu-dài")
    assert not auth.verify_password(h, "sai-mat-khau")
    assert not auth.verify_password("not-a-hash", "x")
    with pytest.raises(ValidationError):
        auth.hash_password("short")


def test_api_key_format():
    key_id, full = auth.new_api_key()
    assert auth.split_api_key(full) == key_id
    assert auth.split_api_key("ltk_zz.x") is None
    assert auth.split_api_key("bearer") is None
    assert auth.api_key_hash(full) != auth.api_key_hash(full + "x")


def test_roles_admin_admits_everything_and_personal_data():
    admin = Principal("a", "a", frozenset({Role.ADMIN}))
    analyst = Principal("b", "b", frozenset({Role.ANALYST}))
    assert admin.has_any([Role.INSPECTOR])
    assert not analyst.has_any([Role.INSPECTOR])
    assert not analyst.sees_personal_data
    assert Principal("c", "c", frozenset({Role.INVESTIGATOR})).sees_personal_data
    with pytest.raises(ValidationError):
        auth.parse_roles(["root"])
    with pytest.raises(ValidationError):
        auth.parse_roles([])


def test_rate_limiter_bucket():
    rl = RateLimiter(rate_per_s=1.0, burst=2)
    assert rl.take("k", now=0.0) == 0.0
    assert rl.take("k", now=0.0) == 0.0
    wait = rl.take("k", now=0.0)
    assert wait == pytest.approx(1.0)
    assert rl.take("other", now=0.0) == 0.0
    assert rl.take("k", now=1.01) == 0.0


def test_event_hash_changes_with_any_field():
    ev = {"seq": 1, "at": "t", "actor": "a", "roles": ["admin"], "action": "x", "target": "y",
          "detail": "{}", "ip": "127.0.0.1", "prev_hash": ""}
    h = auth._event_hash(ev)
    for k in ev:
        changed = dict(ev, **{k: "zz" if k != "seq" else 2})
        assert auth._event_hash(changed) != h
