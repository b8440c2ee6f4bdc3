"""Revocable sessions against the real app and the real Neo4j: disabling a user (CLI or API), disabling an API key,
changing or resetting a password and signing out end every token at once — the next request from the same process
is refused; forged, expired and ghost (no such user) tokens are refused too; another process notices within the
session-check interval."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j_support import api_client
from typer.testing import CliRunner

from api import auth
from api.auth import Principal, Role, UserStore

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[3]
SECRET = "sessions-test-secret-Xq9Lm2Rk7Tz4Pw8Ny1Hs6"
PASSWORD = "mat-khau-phien-1"
FAST = {"LANTOA_AUTH_ARGON2_TIME_COST": "1", "LANTOA_AUTH_ARGON2_MEMORY_KIB": "8192",
        "LANTOA_AUTH_RATE_PER_S": "100000", "LANTOA_AUTH_RATE_BURST": "100000", "LANTOA_AUTH_LOGIN_PER_MIN": "6000"}


@pytest.fixture(scope="module")
def client(neo4j_driver, neo4j_connection):
    with api_client(neo4j_connection, LANTOA_ENV="production", LANTOA_AUTH_SECRET_KEY=SECRET, **FAST) as c:
        auth.ensure_auth_schema(neo4j_driver, database=neo4j_connection[2])
        yield c


@pytest.fixture()
def store(client, neo4j_driver, neo4j_connection) -> UserStore:
    return UserStore(neo4j_driver, database=neo4j_connection[2])


def _login(client, username: str, password: str = PASSWORD) -> dict[str, str]:
    r = client.post("/auth/token", data={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _ok(client, headers: dict[str, str]) -> int:
    """The status of a ranking request (the hot path) and of /auth/me, which must agree."""
    a = client.get("/rankings/influence", headers=headers).status_code
    b = client.get("/auth/me", headers=headers).status_code
    assert a == b, (a, b)
    return a


def _cli(neo4j_connection, *args: str):
    uri, (user, password), database = neo4j_connection
    from api.cli_users import app

    env = {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password, "NEO4J_DATABASE": database,
           "LANTOA_NEW_USER_PASSWORD": "mat-khau-moi-cli-2", **FAST}
    # in this process, as an operator's shell would run `lantoa users …` next to an API worker: the test then
    # proves the change reaches the very next request here, not only after the cache interval
    r = CliRunner().invoke(app, list(args), env=env)
    assert r.exit_code == 0, r.output
    return r


def test_cli_disable_ends_every_token_at_the_next_request(client, store, neo4j_connection):
    store.add_user("lan.phan.tich", PASSWORD, ["analyst"])
    laptop, phone = _login(client, "lan.phan.tich"), _login(client, "lan.phan.tich")
    assert _ok(client, laptop) == 200 and _ok(client, phone) == 200
    _cli(neo4j_connection, "disable", "lan.phan.tich")
    assert _ok(client, laptop) == 401 and _ok(client, phone) == 401
    assert client.post("/auth/token", data={"username": "lan.phan.tich", "password": PASSWORD}).status_code == 401
    _cli(neo4j_connection, "disable", "lan.phan.tich", "--enable")
    assert _ok(client, laptop) == 401  # re-enabling does not bring old tokens back
    assert _ok(client, _login(client, "lan.phan.tich")) == 200


def test_admin_disable_over_the_api(client, store):
    store.add_user("quan.tri", PASSWORD, ["admin"])
    store.add_user("minh.dieu.tra", PASSWORD, ["investigator"])
    admin, user = _login(client, "quan.tri"), _login(client, "minh.dieu.tra")
    assert _ok(client, user) == 200
    r = client.post("/auth/users/minh.dieu.tra/disable", headers=admin)
    assert r.status_code == 200 and r.json() == {"id": "minh.dieu.tra", "disabled": True}
    assert _ok(client, user) == 401
    assert client.post("/auth/users/khong-co-ai/disable", headers=admin).status_code == 404
    assert client.post("/auth/users/quan.tri/disable", headers=user).status_code == 401
    r = client.post("/auth/users/minh.dieu.tra/enable", headers=admin)
    assert r.status_code == 200 and _ok(client, user) == 401
    actions = [e["action"] for e in client.get("/auth/audit", headers=admin, params={"actor": "quan.tri"}).json()["items"]]
    assert "user.disable" in actions and "user.enable" in actions


def test_logout_ends_every_token_of_the_user(client, store):
    store.add_user("hoa.thanh.tra", PASSWORD, ["inspector"])
    first, second = _login(client, "hoa.thanh.tra"), _login(client, "hoa.thanh.tra")
    r = client.post("/trang/dang-nhap", data={"username": "hoa.thanh.tra", "password": PASSWORD},
                    follow_redirects=False)
    cookie = r.cookies[auth.SESSION_COOKIE]
    client.cookies.clear()
    assert client.get("/", cookies={auth.SESSION_COOKIE: cookie}).status_code == 200
    assert client.post("/auth/logout", headers=first).status_code == 204
    assert _ok(client, first) == 401 and _ok(client, second) == 401
    assert client.get("/", cookies={auth.SESSION_COOKIE: cookie}).status_code == 401  # the page session too
    client.cookies.clear()
    assert client.post("/auth/logout", headers=first).status_code == 401
    assert _ok(client, _login(client, "hoa.thanh.tra")) == 200  # logging in again works


def test_page_logout_revokes_the_session(client, store):
    store.add_user("tuan.canh.sat", PASSWORD, ["police_liaison"])
    bearer = _login(client, "tuan.canh.sat")
    r = client.post("/trang/dang-nhap", data={"username": "tuan.canh.sat", "password": PASSWORD},
                    follow_redirects=False)
    cookie = r.cookies[auth.SESSION_COOKIE]
    client.cookies.clear()
    r = client.post("/trang/dang-xuat", cookies={auth.SESSION_COOKIE: cookie}, follow_redirects=False)
    assert r.status_code == 303
    client.cookies.clear()
    assert client.get("/", cookies={auth.SESSION_COOKIE: cookie}).status_code == 401
    assert _ok(client, bearer) == 401


def test_password_change_ends_older_tokens_and_returns_a_new_one(client, store):
    store.add_user("mai.bao.chi", PASSWORD, ["press_officer"])
    old, other = _login(client, "mai.bao.chi"), _login(client, "mai.bao.chi")
    r = client.post("/auth/password", headers=old, json={"current_password": "sai-roi-1234", "new_password": "x" * 12})
    assert r.status_code == 400 and _ok_me(client, old) == 200  # a wrong current password changes nothing
    r = client.post("/auth/password", headers=old,
                    json={"current_password": PASSWORD, "new_password": "mat-khau-moi-dai-3"})
    assert r.status_code == 200, r.text
    fresh = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert _ok_me(client, old) == 401 and _ok_me(client, other) == 401
    assert _ok_me(client, fresh) == 200
    assert client.post("/auth/token", data={"username": "mai.bao.chi", "password": PASSWORD}).status_code == 401
    _login(client, "mai.bao.chi", "mat-khau-moi-dai-3")


def _ok_me(client, headers) -> int:
    return client.get("/auth/me", headers=headers).status_code


def test_password_reset_by_cli_and_by_admin_upsert(client, store, neo4j_connection):
    store.add_user("quan.tri2", PASSWORD, ["admin"])
    store.add_user("son.phan.tich", PASSWORD, ["analyst"])
    t = _login(client, "son.phan.tich")
    _cli(neo4j_connection, "password", "son.phan.tich")
    assert _ok(client, t) == 401
    t = _login(client, "son.phan.tich", "mat-khau-moi-cli-2")
    admin = _login(client, "quan.tri2")
    r = client.post("/auth/users", headers=admin,
                    json={"username": "son.phan.tich", "password": "mat-khau-moi-4", "roles": ["analyst"]})
    assert r.status_code == 201 and _ok(client, t) == 401


def test_disabling_an_api_key_ends_it_at_the_next_request(client, store, neo4j_connection):
    store.add_user("quan.tri3", PASSWORD, ["admin"])
    store.add_user("tich.hop", PASSWORD, ["analyst"])
    key_id, key = store.add_api_key("tich.hop", "bảng điều khiển", ["analyst"])
    other_id, other = store.add_api_key("tich.hop", "khác", ["analyst"])
    h, h2 = {"X-API-Key": key}, {"X-API-Key": other}
    assert _ok(client, h) == 200 and _ok(client, h2) == 200
    admin = _login(client, "quan.tri3")
    r = client.post(f"/auth/api-keys/{key_id}/disable", headers=admin)
    assert r.status_code == 200 and r.json()["disabled"] is True
    assert _ok(client, h) == 401 and _ok(client, h2) == 200  # only that key
    assert client.post("/auth/logout", headers=h2).status_code == 400  # a key has no session to end
    _cli(neo4j_connection, "key-disable", other_id)
    assert _ok(client, h2) == 401
    assert client.post(f"/auth/api-keys/{key_id}/enable", headers=admin).status_code == 200
    assert _ok(client, h) == 200
    assert client.post("/auth/api-keys/abcdef012345/disable", headers=admin).status_code == 404
    store.set_disabled("tich.hop", True)  # a disabled owner's keys end too
    assert _ok(client, h) == 401


def test_forged_expired_and_ghost_tokens_are_refused(client, store):
    store.add_user("an.dieu.tra", PASSWORD, ["investigator"])
    good = _login(client, "an.dieu.tra")
    assert _ok(client, good) == 200
    tok = good["Authorization"].split()[1]
    body, sig = tok.split(".")
    payload = auth._unb64(body).replace(b'"investigator"', b'"admin"')
    assert _ok(client, {"Authorization": f"Bearer {auth._b64(payload)}.{sig}"}) == 401  # forged roles
    assert _ok(client, {"Authorization": f"Bearer {body}.{sig[:-3]}abc"}) == 401
    assert _ok(client, {"Authorization": "Bearer garbage"}) == 401
    state = store.session_state("an.dieu.tra")
    p = Principal("an.dieu.tra", "An", frozenset({Role.INVESTIGATOR}), session=state.session)
    assert _ok(client, {"Authorization": f"Bearer {auth.issue_token(p)}"}) == 200  # the control: same epoch
    expired = auth.issue_token(p, ttl_s=60, now=time.time() - 3600)
    assert _ok(client, {"Authorization": f"Bearer {expired}"}) == 401
    # production: a correctly signed token for a user the store does not know (or a guessed epoch) is refused
    ghost = auth.issue_token(Principal("ma", "Ma", frozenset({Role.ADMIN}), session="x"))
    assert _ok(client, {"Authorization": f"Bearer {ghost}"}) == 401
    guessed = auth.issue_token(Principal("an.dieu.tra", "An", frozenset({Role.INVESTIGATOR}), session="doan-bua"))
    assert _ok(client, {"Authorization": f"Bearer {guessed}"}) == 401


def test_requests_are_served_from_the_session_cache(neo4j_driver, neo4j_connection, store):
    """With a long check interval, a change written behind the store's back is not seen (the ranking requests
    did not read the user each time); a change through the store is seen at once."""
    db = neo4j_connection[2]
    with api_client(neo4j_connection, LANTOA_ENV="production", LANTOA_AUTH_SECRET_KEY=SECRET,
                    LANTOA_AUTH_SESSION_CHECK_S="3600", **FAST) as c:
        store = UserStore(neo4j_driver, database=db)
        store.add_user("cache.thu", PASSWORD, ["analyst"])
        t = _login(c, "cache.thu")
        assert _ok(c, t) == 200
        with neo4j_driver.session(database=db) as s:
            s.run("MATCH (u:User {id: 'cache.thu'}) SET u.disabled = true").consume()
        for _ in range(20):
            assert c.get("/rankings/influence", headers=t).status_code == 200  # cached: no read per request
        store.revoke_sessions("cache.thu")
        assert _ok(c, t) == 401


def test_another_process_sees_a_cli_disable_within_the_check_interval(neo4j_driver, neo4j_connection, neo4j_env,
                                                                     store):
    """The CLI in its own process cannot empty the API's cache: the API notices within LANTOA_AUTH_SESSION_CHECK_S."""
    store.add_user("xa.xoi", PASSWORD, ["analyst"])
    with api_client(neo4j_connection, LANTOA_ENV="production", LANTOA_AUTH_SECRET_KEY=SECRET,
                    LANTOA_AUTH_SESSION_CHECK_S="1", **FAST) as c:
        t = _login(c, "xa.xoi")
        assert _ok(c, t) == 200
        env = {**os.environ, **neo4j_env, **FAST}
        r = subprocess.run([sys.executable, "-c", "from api.cli_users import app; app()", "disable", "xa.xoi"],
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        done = time.monotonic()
        statuses = []
        while time.monotonic() - done < 10:
            statuses.append(c.get("/auth/me", headers=t).status_code)
            if statuses[-1] == 401:
                break
            time.sleep(0.05)
        waited = time.monotonic() - done
        print(f"refused {waited:.2f} s after the CLI returned ({len(statuses)} requests)")
        assert statuses[-1] == 401
