"""Login (bearer tokens), sign-out, password change, who am I, and the admin's users, API keys and audit log.

Signing out, changing or resetting a password, and disabling a user end every token of that user at once;
disabling a key ends it (see ``api.auth``: session epochs)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import Response

from api.auth import (
    ALL_ROLES,
    SESSION_COOKIE,
    Principal,
    Role,
    UserStore,
    audit,
    client_ip,
    enforce_rate,
    get_auth_settings,
    issue_token,
    login_limiter,
    require_roles,
    roles_doc,
    verify_audit_chain,
)
from api.deps import Driver
from api.routes.common import responses
from api.schemas import (
    ApiKeyIn,
    ApiKeyOut,
    AuditPage,
    AuditVerification,
    Disabled,
    Me,
    PasswordChange,
    Token,
    UserIn,
    UserOut,
)
from graph.repository import GraphReader

router = APIRouter(prefix="/auth", tags=["auth"])

Anyone = Annotated[Principal, Depends(require_roles(*ALL_ROLES))]
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]


def _store(request: Request) -> UserStore:
    return UserStore(request.app.state.driver, database=request.app.state.database)


def login(request: Request, username: str, password: str) -> Principal:
    """Check a password (rate-limited per IP and username); audit both outcomes."""
    enforce_rate(login_limiter(), f"{client_ip(request)}|{username.lower()}")
    principal = _store(request).authenticate(username, password)
    if principal is None:
        audit(request, None, "auth.login_failed", f"user:{username[:64]}")
        raise HTTPException(401, "Sai tên đăng nhập hoặc mật khẩu", headers={"WWW-Authenticate": "Bearer"})
    audit(request, principal, "auth.login", f"user:{principal.id}")
    return principal


@router.post("/token", response_model=Token, responses=responses(),
             summary="Đăng nhập, nhận bearer token",
             description="Công khai; giới hạn số lần thử theo IP và tên đăng nhập. Mật khẩu lưu bằng argon2id.")
def token(request: Request, username: Annotated[str, Form(min_length=1, max_length=64)],
          password: Annotated[str, Form(min_length=1, max_length=256)]) -> dict:
    principal = login(request, username, password)
    return _token_body(principal)


def _token_body(principal: Principal) -> dict:
    return {"access_token": issue_token(principal), "token_type": "bearer",
            "expires_in": get_auth_settings().token_ttl_s, "roles": principal.role_names()}


def _user_only(principal: Principal) -> None:
    if principal.kind != "user":
        raise HTTPException(400, "Khoá API không có phiên đăng nhập; quản trị viên vô hiệu hoá khoá nếu cần")


@router.post("/logout", status_code=204, response_class=Response, responses=responses(400, 404),
             summary="Đăng xuất khỏi mọi nơi: mọi token và phiên của người dùng hết hiệu lực ngay",
             description=roles_doc(*ALL_ROLES))
def logout(request: Request, principal: Anyone) -> Response:
    _user_only(principal)
    _store(request).revoke_sessions(principal.id)
    audit(request, principal, "auth.logout", f"user:{principal.id}")
    resp = Response(status_code=204)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


@router.post("/password", response_model=Token, responses=responses(400, 404),
             summary="Đổi mật khẩu của mình: mọi token cũ hết hiệu lực, trả về token mới",
             description="Giới hạn số lần thử như đăng nhập.\n\n" + roles_doc(*ALL_ROLES))
def change_password(body: PasswordChange, request: Request, principal: Anyone) -> dict:
    _user_only(principal)
    enforce_rate(login_limiter(), f"{client_ip(request)}|{principal.id.lower()}")
    fresh = _store(request).change_password(principal.id, body.current_password, body.new_password)
    if fresh is None:
        audit(request, principal, "auth.password_change_failed", f"user:{principal.id}")
        raise HTTPException(400, "Mật khẩu hiện tại không đúng")
    audit(request, principal, "auth.password_change", f"user:{principal.id}")
    return _token_body(fresh)


@router.get("/me", response_model=Me, responses=responses(), summary="Người đang gọi và vai trò",
            description=roles_doc(*ALL_ROLES))
def me(principal: Anyone) -> dict:
    return {"id": principal.id, "name": principal.name, "roles": principal.role_names(), "kind": principal.kind,
            "sees_personal_data": principal.sees_personal_data}


@router.get("/users", response_model=list[UserOut], responses=responses(), summary="Danh sách người dùng",
            description=roles_doc(Role.ADMIN))
def users(request: Request, principal: Admin) -> list[dict]:
    return _store(request).list_users()


@router.post("/users", response_model=UserOut, status_code=201, responses=responses(400),
             summary="Tạo hoặc đặt lại người dùng", description=roles_doc(Role.ADMIN))
def add_user(body: UserIn, request: Request, principal: Admin) -> dict:
    from common.errors import ValidationError

    try:
        user = _store(request).add_user(body.username, body.password, body.roles, name=body.name)
    except ValidationError as e:
        raise HTTPException(400, str(e)) from e
    audit(request, principal, "user.upsert", f"user:{user['id']}", {"roles": user["roles"]})
    return {"id": user["id"], "name": user["name"], "roles": user["roles"], "disabled": False}


Username = Annotated[str, Path(min_length=1, max_length=64)]
KeyId = Annotated[str, Path(min_length=1, max_length=32, pattern="^[0-9a-f]+$")]


def _set_user_disabled(request: Request, principal: Principal, username: str, disabled: bool) -> dict:
    _store(request).set_disabled(username, disabled)
    audit(request, principal, "user.disable" if disabled else "user.enable", f"user:{username}")
    return {"id": username, "disabled": disabled}


@router.post("/users/{username}/disable", response_model=Disabled, responses=responses(404),
             summary="Khoá người dùng: mọi token, phiên và khoá API của họ hết hiệu lực ngay",
             description=roles_doc(Role.ADMIN))
def disable_user(username: Username, request: Request, principal: Admin) -> dict:
    return _set_user_disabled(request, principal, username, True)


@router.post("/users/{username}/enable", response_model=Disabled, responses=responses(404),
             summary="Mở khoá người dùng (phải đăng nhập lại)", description=roles_doc(Role.ADMIN))
def enable_user(username: Username, request: Request, principal: Admin) -> dict:
    return _set_user_disabled(request, principal, username, False)


@router.post("/users/{username}/logout", status_code=204, response_class=Response, responses=responses(404),
             summary="Đăng xuất một người dùng khỏi mọi nơi", description=roles_doc(Role.ADMIN))
def logout_user(username: Username, request: Request, principal: Admin) -> Response:
    _store(request).revoke_sessions(username)
    audit(request, principal, "user.logout", f"user:{username}")
    return Response(status_code=204)


def _set_key_disabled(request: Request, principal: Principal, key_id: str, disabled: bool) -> dict:
    _store(request).set_api_key_disabled(key_id, disabled)
    audit(request, principal, "api_key.disable" if disabled else "api_key.enable", f"api_key:{key_id}")
    return {"id": key_id, "disabled": disabled}


@router.post("/api-keys/{key_id}/disable", response_model=Disabled, responses=responses(404),
             summary="Vô hiệu hoá một khoá API (từ yêu cầu kế tiếp)", description=roles_doc(Role.ADMIN))
def disable_api_key(key_id: KeyId, request: Request, principal: Admin) -> dict:
    return _set_key_disabled(request, principal, key_id, True)


@router.post("/api-keys/{key_id}/enable", response_model=Disabled, responses=responses(404),
             summary="Bật lại một khoá API", description=roles_doc(Role.ADMIN))
def enable_api_key(key_id: KeyId, request: Request, principal: Admin) -> dict:
    return _set_key_disabled(request, principal, key_id, False)


@router.post("/api-keys", response_model=ApiKeyOut, status_code=201, responses=responses(400),
             summary="Tạo khoá API cho tích hợp (hiện một lần)", description=roles_doc(Role.ADMIN))
def add_api_key(body: ApiKeyIn, request: Request, principal: Admin) -> dict:
    from common.errors import ValidationError

    try:
        key_id, full = _store(request).add_api_key(body.owner, body.name, body.roles)
    except ValidationError as e:
        raise HTTPException(400, str(e)) from e
    audit(request, principal, "api_key.create", f"api_key:{key_id}", {"owner": body.owner, "roles": body.roles})
    return {"id": key_id, "key": full, "roles": sorted(set(body.roles))}


@router.get("/audit", response_model=AuditPage, responses=responses(),
            summary="Nhật ký kiểm toán (mới nhất trước)", description=roles_doc(Role.ADMIN))
def audit_log(driver: Driver, request: Request, principal: Admin,
              actor: Annotated[str | None, Query(max_length=100)] = None,
              offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
              limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict:
    reader = GraphReader(driver, database=request.app.state.database)
    items = reader.read("auth/audit_page", {"actor": actor, "skip": offset, "limit": limit})
    for it in items:
        it["roles"] = it["roles"] or []
    # the log names the people and accounts that were looked at: reading it is a view of personal data too
    audit(request, principal, "audit.view", "audit", {"actor": actor, "offset": offset, "limit": limit})
    return {"offset": offset, "limit": limit, "items": items}


@router.get("/audit/verify", response_model=AuditVerification, responses=responses(),
            summary="Kiểm tra tính toàn vẹn của chuỗi nhật ký (SHA-256 nối tiếp)", description=roles_doc(Role.ADMIN))
def audit_verify(driver: Driver, request: Request, principal: Admin) -> dict:
    rep = verify_audit_chain(driver, database=request.app.state.database)
    return {"ok": rep.ok, "events": rep.events, "head": rep.head, "problems": rep.problems}
