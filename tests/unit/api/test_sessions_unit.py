"""Revocable sessions offline: the session epoch travels in the token, the per-request check, the cache that
spares the database a round trip per request, and forged or expired tokens."""

from __future__ import annotations

import doctest
import threading

import pytest

from api import auth
from api.auth import Principal, Role, SessionState, session_is_current


@pytest.fixture(autouse=True)
def _settings(tmp_path, monkeypatch):
    monkeypatch.setenv("LANTOA_AUTH_SECRET_FILE", str(tmp_path / "secret"))
    auth.reset_caches()
    yield
    auth.reset_caches()


def test_doctests_run():
    res = doctest.testmod(auth)
    assert res.attempted >= 4 and res.failed == 0


def test_token_carries_the_session_epoch():
    p = Principal("lan", "Lan", frozenset({Role.ANALYST}), session="epoch-1")
    back = auth.verify_token(auth.issue_token(p))
    assert back == p and back.session == "epoch-1"
    assert auth.verify_token(auth.issue_token(Principal("lan", "Lan", frozenset({Role.ANALYST})))).session is None


def test_a_forged_epoch_breaks_the_signature():
    tok = auth.issue_token(Principal("lan", "Lan", frozenset({Role.ANALYST}), session="old-epoch"))
    body, sig = tok.split(".")
    forged = auth._b64(auth._unb64(body).replace(b"old-epoch", b"new-epoch"))
    assert auth.verify_token(f"{forged}.{sig}") is None


def test_a_token_signed_with_another_secret_is_refused(tmp_path, monkeypatch):
    tok = auth.issue_token(Principal("lan", "Lan", frozenset({Role.ADMIN}), session="e"))
    monkeypatch.setenv("LANTOA_AUTH_SECRET_FILE", str(tmp_path / "other-secret"))
    auth.reset_caches()
    assert auth.verify_token(tok) is None


def test_expired_token_is_refused_even_with_a_current_session():
    p = Principal("lan", "Lan", frozenset({Role.ANALYST}), session="e")
    tok = auth.issue_token(p, ttl_s=60, now=1_000.0)
    assert auth.verify_token(tok, now=1_030.0) == p
    assert auth.verify_token(tok, now=1_061.0) is None


@pytest.mark.parametrize(("state", "token_session", "production", "ok"), [
    (SessionState(False, "e1"), "e1", True, True),
    (SessionState(False, "e1"), "e0", True, False),       # signed out / password changed since
    (SessionState(True, "e1"), "e1", True, False),        # disabled
    (SessionState(False, "e1"), None, True, False),       # a token from before the user had an epoch
    (SessionState(False, None), "e1", True, False),
    (SessionState(False, None), None, True, True),        # a user created before epochs, never signed out
    (None, "e1", True, False),                            # no such user: refused in production
    (None, "e1", False, True),                            # development: tokens minted by tests and scripts
    (SessionState(True, None), None, False, False),
    (SessionState(False, "é"), "é", True, True),          # never raises on non-ASCII claims
])
def test_session_is_current(state, token_session, production, ok):
    p = Principal("lan", "Lan", frozenset({Role.ANALYST}), session=token_session)
    assert session_is_current(p, state, production=production) is ok


def test_cache_reads_the_store_once_per_ttl_and_again_after_a_revocation():
    cache = auth._TTLCache(60.0)
    loads = []

    def load():
        loads.append(1)
        return SessionState(False, f"e{len(loads)}")

    for _ in range(1000):
        assert cache.get_or_load("db\x00lan", load) == SessionState(False, "e1")
    assert len(loads) == 1  # one database round trip for a thousand requests
    cache.clear()            # what UserStore does after disable / password / sign-out in this process
    assert cache.get_or_load("db\x00lan", load) == SessionState(False, "e2")
    assert len(loads) == 2


def test_cache_expires():
    cache = auth._TTLCache(0.0)
    loads = []
    for _ in range(3):
        cache.get_or_load("k", lambda: loads.append(1))
    assert len(loads) == 3


def test_a_read_overtaken_by_a_revocation_is_not_cached():
    """A request that read the old state while a revocation committed must not put it back in the cache."""
    cache = auth._TTLCache(60.0)
    reading, revoked = threading.Event(), threading.Event()

    def slow_load():
        reading.set()
        revoked.wait(5)
        return SessionState(False, "old")

    t = threading.Thread(target=lambda: cache.get_or_load("k", slow_load))
    t.start()
    reading.wait(5)
    cache.clear()
    revoked.set()
    t.join(5)
    assert cache.get("k") == (False, None)
    assert cache.get_or_load("k", lambda: SessionState(False, "new")).session == "new"


def test_invalidate_sessions_empties_both_caches(monkeypatch):
    monkeypatch.setenv("LANTOA_AUTH_SESSION_CHECK_S", "60")
    monkeypatch.setenv("LANTOA_AUTH_API_KEY_CACHE_S", "60")
    auth.reset_caches()
    auth.session_cache().get_or_load("a", lambda: SessionState(False, "e"))
    auth.api_key_cache().get_or_load("b", lambda: None)
    assert auth.session_cache().get("a")[0] and auth.api_key_cache().get("b")[0]
    auth.invalidate_sessions()
    assert not auth.session_cache().get("a")[0] and not auth.api_key_cache().get("b")[0]


def test_caches_are_short_by_default():
    assert auth.get_auth_settings().session_check_s <= 2.0
    assert auth.get_auth_settings().api_key_cache_s <= 2.0
