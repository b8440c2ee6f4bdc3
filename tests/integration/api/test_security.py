"""Every non-public endpoint: 401 without credentials, 403 with a role it does not admit; pages the same;
XSS payloads in crawled text come back escaped; report parameters carrying Cypher are data."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from api.app import create_app

pytestmark = pytest.mark.integration

PUBLIC = {("GET", "/health"), ("POST", "/auth/token"), ("POST", "/feedback"), ("GET", "/trang/phan-anh"),
          ("GET", "/trang/dang-nhap"), ("POST", "/trang/dang-nhap"), ("POST", "/trang/dang-xuat")}
ROLE_NAMES = ("analyst", "investigator", "inspector", "police_liaison", "press_officer", "admin")


def _admitted(route: APIRoute) -> frozenset[str] | None:
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        roles = getattr(dep.call, "admitted_roles", None)
        if roles is not None:
            return frozenset(r.value for r in roles)
        stack.extend(dep.dependencies)
    return None


def _api_routes(routes) -> list[APIRoute]:
    out = []
    for r in routes:
        if isinstance(r, APIRoute):
            out.append(r)
        elif hasattr(r, "original_router"):  # FastAPI >= 0.16x wraps included routers
            out.extend(_api_routes(r.original_router.routes))
    return out


def _operations() -> list[tuple[str, str, frozenset[str] | None]]:
    out = []
    for route in _api_routes(create_app().routes):
        if not route.include_in_schema:
            continue
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            out.append((method, route.path, _admitted(route)))
    return out


OPERATIONS = _operations()


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x1", path)


def test_every_operation_is_public_or_guarded():
    unguarded = [(m, p) for m, p, roles in OPERATIONS if roles is None and (m, p) not in PUBLIC]
    assert not unguarded, f"operations without require_roles: {unguarded}"
    assert len([o for o in OPERATIONS if o[2] is not None]) >= 25


def test_roles_are_stated_in_openapi():
    spec = create_app().openapi()
    for method, path, roles in OPERATIONS:
        if roles is None:
            continue
        op = spec["paths"][path][method.lower()]
        text = op.get("description", "")
        assert "Vai trò được phép" in text, (method, path)
        for r in roles:
            assert f"`{r}`" in text, (method, path, r)
        assert {"401", "403"} <= set(op["responses"]), (method, path)


@pytest.mark.parametrize(("method", "path", "roles"), [o for o in OPERATIONS if o[2] is not None],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_401_without_credentials_and_403_with_a_lacking_role(live_api, method, path, roles):
    url = _url(path)
    with live_api.client() as anon:
        r = anon.request(method, url)
        assert r.status_code == 401, (method, url, r.status_code, r.text[:200])
        assert r.headers.get("www-authenticate") == "Bearer"
        r = anon.request(method, url, headers={"Authorization": "Bearer not.a-token"})
        assert r.status_code == 401
    lacking = [r for r in ROLE_NAMES if r not in roles]
    assert "admin" in roles
    for role in lacking[:2]:
        with live_api.client(role) as c:
            r = c.request(method, url)
            assert r.status_code == 403, (method, url, role, r.status_code, r.text[:200])
        with live_api.client(role, via="key") as c:
            assert c.request(method, url).status_code == 403


@pytest.mark.parametrize("path", ["/", "/trang/cau-chuyen", "/trang/cau-chuyen/story:0", "/trang/bao-cao",
                                  "/trang/tai-khoan/facebook:user10"])
def test_pages_need_login(live_api, path):
    with live_api.client() as anon:
        r = anon.get(path)
        assert r.status_code == 401 and "Đăng nhập" in r.text
    with live_api.client("press_officer") as c:
        r = c.get(path)
        assert r.status_code == (403 if "tai-khoan" in path else 200), (path, r.status_code)


def test_login_is_rate_limited_and_audited(live_api):
    with live_api.client() as anon:
        codes = [anon.post("/auth/token", data={"username": "ke-do-mat-khau", "password": f"sai{i}"}).status_code
                 for i in range(8)]
        assert codes[0] == 401 and 429 in codes
        r = anon.post("/auth/token", data={"username": "analyst", "password": "sai-mat-khau"})
        assert r.status_code == 401
    with live_api.client("admin") as c:
        events = c.get("/auth/audit", params={"actor": "anonymous", "limit": 50}).json()["items"]
        assert any(e["action"] == "auth.login_failed" and e["target"] == "user:analyst" for e in events)


def test_xss_payloads_escaped_in_json_pages_and_maps(live_api):
    with live_api.client("investigator") as c:
        sid = live_api.seeded.false_story
        assert "<script>" in c.get(f"/stories/{sid}").json()["title"]  # JSON carries the raw text as data
        for url in (f"/trang/cau-chuyen/{sid}", "/", f"/trang/tai-khoan/{live_api.seeded.xss_account}",
                    f"/maps/stories/{sid}/cascade", "/maps/network", "/maps/communities",
                    f"/maps/accounts/{live_api.seeded.xss_account}/neighbourhood"):
            r = c.get(url)
            assert r.status_code == 200, (url, r.status_code)
            assert r.headers["content-type"].startswith("text/html")
            assert "<script>window.__xss" not in r.text, url
            assert '<img src=x onerror' not in r.text, url
            assert "Tin Nóng <b>24h</b>" not in r.text, url


def test_report_parameters_with_cypher_are_data(live_api, neo4j_driver):
    payload = "x'}) MATCH (n) DETACH DELETE n //"
    with neo4j_driver.session() as s:
        before = s.run("MATCH (n) RETURN count(n) AS c").single()["c"]
    with live_api.client("police_liaison") as c:
        r = c.get("/reports/top_amplifiers_of_story/run", params={"story_id": payload, "format": "json"})
        assert r.status_code in (200, 422), r.text[:300]
        r = c.get("/reports/no_such_report;MATCH (n) DELETE n/run")
        assert r.status_code in (404, 422)
    with neo4j_driver.session() as s:
        assert s.run("MATCH (n) RETURN count(n) AS c").single()["c"] >= before
