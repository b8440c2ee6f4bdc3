"""Pages for people (Vietnamese, server-rendered): dashboard, stories, story, account, reports, the citizens'
feedback form, login/logout. Not in the OpenAPI spec (they are HTML for browsers, not an API)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import (
    PERSONAL_DATA_ROLES,
    SESSION_COOKIE,
    Principal,
    Role,
    audit,
    client_ip,
    enforce_rate,
    get_auth_settings,
    issue_token,
    principal_from_request,
    public_limiter,
    request_limiter,
)
from api.deps import Reader
from api.routes.alerts import list_alerts
from api.routes.entities import account_detail
from api.routes.stories import list_stories, story_detail
from common.errors import LantoaError, NotFoundError
from graph import cypher_loader
from viz.charts import bar_chart_svg, line_chart_svg
from viz.pages import render_page, svg

router = APIRouter(include_in_schema=False)

ALL = (Role.ANALYST, Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON, Role.PRESS_OFFICER)
TRACE = (Role.ANALYST, Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON)
EVIDENCE = (Role.INSPECTOR, Role.INVESTIGATOR, Role.POLICE_LIAISON)
REPORTS = (Role.POLICE_LIAISON, Role.ANALYST, Role.INSPECTOR, Role.INVESTIGATOR, Role.PRESS_OFFICER)


def _html(template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    return HTMLResponse(render_page(template, **ctx), status_code=status,
                        headers={"Cache-Control": "no-store", "X-Frame-Options": "SAMEORIGIN",
                                 "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                                 "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
                                 "frame-ancestors 'self'; object-src 'none'; base-uri 'none'"})


def _guard(request: Request, roles: Sequence[Role]) -> Principal | HTMLResponse:
    """The logged-in principal, or the page to show instead (401 login form, 403, 429)."""
    principal = principal_from_request(request)
    key = f"p:{principal.id}" if principal else f"ip:{client_ip(request)}"
    wait = request_limiter().take(key)
    if wait > 0:
        return _html("error.html", 429, principal=principal, heading="Quá nhiều yêu cầu",
                     message="Vui lòng thử lại sau ít giây.")
    if principal is None:
        nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return _html("login.html", 401, principal=None, next_path=nxt,
                     message="Vui lòng đăng nhập để xem trang này.")
    if not principal.has_any(roles):
        return _html("error.html", 403, principal=principal, heading="Không có quyền",
                     message="Vai trò của bạn không được phép xem trang này.")
    return principal


def _not_found(principal: Principal, message: str) -> HTMLResponse:
    return _html("error.html", 404, principal=principal, heading="Không tìm thấy", message=message)


def crisis_level(counts: dict[str, Any]) -> int:
    return int(max(counts.get("max_alert_level") or 0, counts.get("max_story_level") or 0))


def _reference_time(luc: str | None) -> datetime:
    """The end of the 24 hours the dashboard shows: now, or a past moment an analyst reviews (``?luc=ISO``)."""
    if not luc:
        return datetime.now(UTC)
    try:
        t = datetime.fromisoformat(luc)
    except ValueError as e:
        raise HTTPException(status_code=422, detail="luc phải là thời điểm ISO 8601, ví dụ 2025-07-04T08:00:00+07:00") from e
    if t.tzinfo is None:
        raise HTTPException(status_code=422, detail="luc phải có múi giờ, ví dụ +07:00")
    return t.astimezone(UTC)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, reader: Reader,
              luc: Annotated[str | None, Query(description="xem 24 giờ kết thúc tại thời điểm này (ISO 8601)")] = None,
              ) -> Response:
    officer = principal_from_request(request)
    if officer is not None and not officer.has_any(ALL) and Role.UNIT_OFFICER in officer.roles:
        return RedirectResponse("/trang/don-vi", status_code=303)  # a unit's officer starts on its unit's page
    if officer is not None and not officer.has_any(ALL) and Role.OUTLET_REPORTER in officer.roles:
        return RedirectResponse("/trang/bao-cao-bao-chi", status_code=303)  # an outlet's representative: its reports
    who = _guard(request, ALL)
    if isinstance(who, Response):
        return who
    now = _reference_time(luc)
    since = now.replace(microsecond=0).timestamp() - 24 * 3600
    since_iso = datetime.fromtimestamp(since, UTC).isoformat()
    until_iso = now.isoformat()
    counts = reader.read("read/dashboard_counts", {"since": since_iso, "until": until_iso})[0]
    fast = list_stories(reader, since_hours=48, sort="speed", limit=10, now=now)["items"]
    negative = list_stories(reader, sentiment="negative", since_hours=72, sort="negative", limit=10,
                            now=now)["items"]
    alerts = list_alerts(reader, status="open", min_level=None, offset=0, limit=10)["items"]
    articles = reader.read("read/dashboard_articles", {"since": since_iso, "until": until_iso, "limit": 30})
    chart = bar_chart_svg([((s.get("title") or s["id"]), float(s.get("speed_per_hour") or 0)) for s in fast],
                          title="Tốc độ lan truyền (mục/giờ)", colour="#ff7f0e")
    return _html("dashboard.html", principal=who, now=now.isoformat(), counts=counts,
                 crisis_level=crisis_level(counts), fast=fast, negative=negative, alerts=alerts,
                 articles=articles, speed_chart=svg(chart))


@router.get("/trang/cau-chuyen", response_class=HTMLResponse)
def stories_page(request: Request, reader: Reader,
                 q: Annotated[str | None, Query(max_length=200)] = None,
                 offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> Response:
    who = _guard(request, ALL)
    if isinstance(who, Response):
        return who
    page = list_stories(reader, q=q, sort="recent", offset=offset, limit=50)
    return _html("stories.html", principal=who, page=page, q=q)


def _timeline(story: dict[str, Any]) -> str:
    pts = [(p[0], p[1]) for p in story.get("growth") or [] if len(p) >= 2]
    return line_chart_svg(pts, title="Số mục tích luỹ theo thời gian", x_label="giờ kể từ mục đầu tiên",
                          y_label="số mục")


@router.get("/trang/cau-chuyen/{story_id}", response_class=HTMLResponse)
def story_page(story_id: str, request: Request, reader: Reader) -> Response:
    who = _guard(request, ALL)
    if isinstance(who, Response):
        return who
    try:
        story = story_detail(reader, story_id, who)
    except NotFoundError:
        return _not_found(who, "Không có câu chuyện này.")
    can_trace = who.has_any(TRACE)
    amplifiers: list[dict[str, Any]] = []
    if can_trace:
        from api.routes.common import account_ref

        rows = reader.read("read/story_amplifiers", {"id": story_id, "skip": 0, "limit": 10})
        amplifiers = [{"account": account_ref(r, who, id_key="account_id"), "posts": r["posts"],
                       "engagement": r["engagement"], "first_at": r["first_at"], "is_origin": r["is_origin"]}
                      for r in rows]
        if who.sees_personal_data:
            audit(request, who, "personal_data.view", f"story:{story_id}:page")
    refutations = reader.read("read/story_refutations", {"story_id": story.get("id") or story_id})
    return _html("story.html", principal=who, story=story, timeline_chart=svg(_timeline(story)),
                 can_trace=can_trace, can_evidence=who.has_any(EVIDENCE), amplifiers=amplifiers,
                 refutations=refutations)


@router.get("/trang/tai-khoan/{account_id}", response_class=HTMLResponse)
def account_page(account_id: str, request: Request, reader: Reader) -> Response:
    who = _guard(request, tuple(PERSONAL_DATA_ROLES))
    if isinstance(who, Response):
        return who
    try:
        acc = account_detail(reader, account_id, who)
    except NotFoundError:
        return _not_found(who, "Không có tài khoản này.")
    audit(request, who, "personal_data.view", f"account:{account_id}:page")
    return _html("account.html", principal=who, acc=acc)


_PARAM_RE = re.compile(r"^//\s*param\s+([a-z_][a-z0-9_]*)\s*:\s*([a-z]+)?\s*(?:\[([^\]]*)\])?\s*(?:[—-]\s*(.*))?$")


def report_catalogue() -> list[dict[str, Any]]:
    """The named reports (cypher/reports) with the title, purpose and parameters their headers document."""
    out = []
    for name in cypher_loader.names("reports"):
        try:
            st = cypher_loader.load(name)
        except LantoaError:
            continue
        params = []
        for line in st.text.splitlines():
            m = _PARAM_RE.match(line.strip())
            if m:
                params.append({"name": m.group(1), "type": m.group(2) or "str", "default": m.group(3),
                               "label": (m.group(4) or m.group(1)).strip()})
        documented = {p["name"] for p in params}
        params += [{"name": p, "type": "str", "default": None, "label": p} for p in st.params if p not in documented]
        short = name.split("/", 1)[1]
        out.append({"name": short, "title": st.header.get("title") or short, "purpose": st.purpose,
                    "params": params})
    return out


@router.get("/trang/bao-cao", response_class=HTMLResponse)
def reports_page(request: Request) -> Response:
    who = _guard(request, REPORTS)
    if isinstance(who, Response):
        return who
    return _html("reports.html", principal=who, reports=report_catalogue())


@router.get("/trang/phan-anh", response_class=HTMLResponse)
def feedback_page(request: Request) -> Response:
    enforce_rate(request_limiter(), f"ip:{client_ip(request)}")
    return _html("feedback.html", principal=principal_from_request(request))


@router.get("/trang/dang-nhap", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str, Query(max_length=500)] = "/") -> Response:  # noqa: A002
    return _html("login.html", principal=principal_from_request(request), next_path=_safe_next(next), message=None)


def _safe_next(path: str) -> str:
    """Only same-site paths (no scheme, no //host, no backslash tricks)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path or any(ord(c) < 32 for c in path):
        return "/"
    return path


@router.post("/trang/dang-nhap", response_class=HTMLResponse)
def login_submit(request: Request, username: Annotated[str, Form(max_length=64)],
                 password: Annotated[str, Form(max_length=256)],
                 next: Annotated[str, Form(max_length=500)] = "/") -> Response:  # noqa: A002
    from api.routes.auth import login

    try:
        principal = login(request, username, password)
    except HTTPException as e:
        msg = "Sai tên đăng nhập hoặc mật khẩu." if e.status_code == 401 else str(e.detail)
        return _html("login.html", e.status_code, principal=None, next_path=_safe_next(next), message=msg)
    s = get_auth_settings()
    resp = RedirectResponse(quote(_safe_next(next), safe="/?=&%:+,;@"), status_code=303)
    resp.set_cookie(SESSION_COOKIE, issue_token(principal), max_age=s.token_ttl_s, httponly=True,
                    samesite="strict", secure=s.cookie_secure, path="/")
    return resp


@router.post("/trang/dang-xuat")
def logout(request: Request) -> Response:
    """Sign out everywhere: the user's every token and session end (the cookie is dropped too)."""
    enforce_rate(public_limiter(), f"ip:{client_ip(request)}")
    who = principal_from_request(request)
    if who is not None and who.kind == "user":
        from api.auth import UserStore

        try:
            UserStore(request.app.state.driver, database=request.app.state.database).revoke_sessions(who.id)
        except NotFoundError:
            pass  # a token minted for a principal outside the store (development only): nothing to revoke
        else:
            audit(request, who, "auth.logout", f"user:{who.id}")
    resp = RedirectResponse("/trang/dang-nhap", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp
