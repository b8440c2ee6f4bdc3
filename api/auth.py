"""Access control: roles, users (argon2), API keys, signed bearer/session tokens, the tamper-evident
audit log and rate limits.

How a request is authenticated (first match wins):

* ``Authorization: Bearer <token>`` — a token from ``POST /auth/token`` (HMAC-SHA256 signed, expires);
* ``X-API-Key: ltk_<id>.<secret>`` — an integration key (only its SHA-256 is stored);
* the ``lantoa_session`` cookie (HttpOnly, SameSite=Strict) set by the login page, same token format.

Sessions are revocable. Every user has a random *session epoch* in the graph, and each token carries the epoch it
was issued under (claim ``sid``). Disabling the user, resetting or changing the password and signing out store a new
epoch, so every older token is refused. Each request checks the token's epoch against the user's through
:func:`session_cache` (the graph is read at most once per user per ``LANTOA_AUTH_SESSION_CHECK_S``, 1 s by default);
changes made through :class:`UserStore` in this process empty the cache at once, so the next request is refused.
API keys are looked up the same way (``LANTOA_AUTH_API_KEY_CACHE_S``). In production (``LANTOA_ENV=production``) a
token whose user is not in the store is refused too; in development such tokens (minted with the secret by tests and
scripts) are accepted.

Routers declare who may call them with :func:`require_roles`::

    Analyst = Annotated[Principal, Depends(require_roles(Role.ANALYST, Role.INVESTIGATOR))]

    @router.get("/x")
    def x(principal: Analyst): ...

No credentials → 401, credentials whose roles are not admitted → 403, over the rate limit → 429.
``admin`` is always admitted. :func:`audit` appends a hash-chained :class:`AuditEvent` node
(each event stores the SHA-256 of the previous one; :func:`verify_audit_chain` finds any edit).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import neo4j
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import HTTPException, Request
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.rate_limit import Limiter
from api.settings import get_api_settings, get_runtime_settings
from common.errors import ConfigError, DatabaseError, NotFoundError, ValidationError
from graph import cypher_loader
from graph.repository import GraphReader, GraphWriter, UnitOfWork
from graph.settings import get_path_settings

log = logging.getLogger(__name__)

SESSION_COOKIE = "lantoa_session"
API_KEY_HEADER = "X-API-Key"
API_KEY_PREFIX = "ltk_"


class Role(StrEnum):
    ANALYST = "analyst"
    INVESTIGATOR = "investigator"
    INSPECTOR = "inspector"
    POLICE_LIAISON = "police_liaison"
    PRESS_OFFICER = "press_officer"
    UNIT_OFFICER = "unit_officer"  # an officer of one department or commune: sees only its unit's view (issue 18)
    OUTLET_REPORTER = "outlet_reporter"  # an outlet's representative: submits and sees only its outlet's reports
    ADMIN = "admin"


# Who may see personal data of accounts (names, handles of private persons) and of citizens
# (contact details in feedback). Vietnam's 2025 personal-data law treats tracking a person's
# social-media activity as sensitive data: analysts and integrators see pseudonyms.
PERSONAL_DATA_ROLES: frozenset[Role] = frozenset({Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON, Role.ADMIN})
CITIZEN_CONTACT_ROLES: frozenset[Role] = frozenset({Role.PRESS_OFFICER, Role.INSPECTOR, Role.ADMIN})

ALL_ROLES: tuple[Role, ...] = tuple(Role)


class AuthSettings(BaseSettings):
    """Environment prefix ``LANTOA_AUTH_``."""

    model_config = SettingsConfigDict(env_prefix="LANTOA_AUTH_", env_file=".env", extra="ignore")

    secret_key: SecretStr | None = None
    secret_file: Path | None = None  # default: <data_dir>/api-secret (created 0600 on first use)
    token_ttl_s: int = 8 * 3600
    rate_per_s: float = 50.0  # sustained requests per second per principal (or per IP when anonymous)
    rate_burst: int = 200
    login_per_min: float = 10.0  # login attempts per minute per IP+username
    public_per_min: float = 30.0  # anonymous POSTs (the citizens' form) per minute per IP
    cookie_secure: bool = False
    api_key_cache_s: float = Field(default=1.0, ge=0.0)  # a disabled key works this long in other processes
    session_check_s: float = Field(default=1.0, ge=0.0)  # a revoked token works this long in other processes
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8192)


@lru_cache(maxsize=1)
def get_auth_settings() -> AuthSettings:
    return AuthSettings()


# passwords ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    s = get_auth_settings()
    return PasswordHasher(time_cost=s.argon2_time_cost, memory_cost=s.argon2_memory_kib)


def hash_password(password: str) -> str:
    """argon2id hash (``$argon2id$…``). Refuses passwords shorter than 8 characters."""
    if not isinstance(password, str) or len(password) < 8:
        raise ValidationError("mật khẩu phải có ít nhất 8 ký tự")
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# principals --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Principal:
    id: str
    name: str
    roles: frozenset[Role]
    kind: str = "user"  # user | api_key
    session: str | None = None  # the user's session epoch the token was issued under (users only)

    def has_any(self, roles: Iterable[Role]) -> bool:
        return Role.ADMIN in self.roles or bool(self.roles & set(roles))

    @property
    def sees_personal_data(self) -> bool:
        return self.has_any(PERSONAL_DATA_ROLES)

    def role_names(self) -> list[str]:
        return sorted(r.value for r in self.roles)


def parse_roles(values: Iterable[str]) -> frozenset[Role]:
    out = set()
    for v in values:
        v = str(v).strip()
        if not v:
            continue
        try:
            out.add(Role(v))
        except ValueError as e:
            raise ValidationError(f"vai trò không hợp lệ: {v!r} (hợp lệ: {', '.join(ALL_ROLES)})") from e
    if not out:
        raise ValidationError("cần ít nhất một vai trò")
    return frozenset(out)


# signed tokens -----------------------------------------------------------------------------------
_secret_lock = threading.Lock()


MIN_SECRET_CHARS = 32
# what an example or a placeholder looks like: never a production secret
_PLACEHOLDER_MARKS = ("change-me", "changeme", "change_me", "replace-me", "secret-here", "example")


def secret_problem(raw: str, *, name: str) -> str | None:
    """Why ``raw`` cannot sign tokens in production (None when it can)."""
    if len(raw) < MIN_SECRET_CHARS:
        return f"{name} phải dài ít nhất {MIN_SECRET_CHARS} ký tự (hiện có {len(raw)})"
    low = raw.lower()
    if any(m in low for m in _PLACEHOLDER_MARKS):
        return f"{name} vẫn là giá trị mẫu (trong deploy.env.example): hãy thay bằng một chuỗi ngẫu nhiên"
    if len(set(raw)) < 10:
        return f"{name} quá dễ đoán (ít hơn 10 ký tự khác nhau)"
    return None


def check_production_secret(settings: AuthSettings | None = None) -> None:
    """Raise :class:`ConfigError` unless a real signing secret is configured: ``LANTOA_AUTH_SECRET_KEY``, or a
    ``LANTOA_AUTH_SECRET_FILE`` that exists (production never generates one), long, random-looking and not the
    example's placeholder; and no ``LANTOA_AUTH_*`` / ``LANTOA_API_*`` variable that nothing reads (a typo)."""
    from api.settings import ApiSettings, RuntimeSettings, unread_variables

    s = settings or get_auth_settings()
    hint = ("tạo một khoá bằng: python -c 'import secrets; print(secrets.token_urlsafe(48))' và đặt vào "
            "LANTOA_AUTH_SECRET_KEY")
    unread = unread_variables(os.environ, [AuthSettings, ApiSettings, RuntimeSettings], ["LANTOA_AUTH_", "LANTOA_API_"])
    if unread:
        raise ConfigError(f"biến môi trường không ai đọc (gõ sai tên?): {', '.join(unread)}; "
                          f"khoá ký token là LANTOA_AUTH_SECRET_KEY")
    if s.secret_key is not None:
        problem = secret_problem(s.secret_key.get_secret_value(), name="LANTOA_AUTH_SECRET_KEY")
    elif s.secret_file is not None:
        if not s.secret_file.is_file():
            problem = f"LANTOA_AUTH_SECRET_FILE={s.secret_file} không tồn tại (chế độ production không tự tạo khoá)"
        else:
            problem = secret_problem(s.secret_file.read_text(encoding="utf-8").strip(),
                                     name=f"nội dung {s.secret_file}")
    else:
        problem = "thiếu khoá ký token LANTOA_AUTH_SECRET_KEY (chế độ production không dùng khoá tự sinh)"
    if problem:
        raise ConfigError(f"{problem}; {hint}")


@lru_cache(maxsize=1)
def _secret() -> bytes:
    s = get_auth_settings()
    if get_runtime_settings().production:
        check_production_secret(s)
    if s.secret_key is not None:
        raw = s.secret_key.get_secret_value().encode()
        if len(raw) < MIN_SECRET_CHARS:
            raise ConfigError(f"LANTOA_AUTH_SECRET_KEY must be at least {MIN_SECRET_CHARS} characters")
        return raw
    path = s.secret_file or (get_path_settings().data_dir / "api-secret")
    with _secret_lock:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(48))
        return path.read_text(encoding="utf-8").strip().encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue_token(principal: Principal, *, ttl_s: int | None = None, now: float | None = None) -> str:
    """A signed, expiring token carrying the principal's id, name, roles and session epoch."""
    now = time.time() if now is None else now
    ttl = get_auth_settings().token_ttl_s if ttl_s is None else ttl_s
    payload = {"sub": principal.id, "name": principal.name, "roles": principal.role_names(),
               "kind": principal.kind, "iat": int(now), "exp": int(now + ttl)}
    if principal.session is not None:
        payload["sid"] = principal.session
    body = _b64(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    sig = _b64(hmac.new(_secret(), body.encode(), hashlib.sha256).digest())
    return f"{body}.{sig}"


def verify_token(token: str, *, now: float | None = None) -> Principal | None:
    """The principal of a validly signed, unexpired token; None for anything else (never raises).

    Whether its session is still current is checked per request (:func:`principal_from_request`)."""
    try:
        body, sig = token.split(".")
        want = _b64(hmac.new(_secret(), body.encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(want, sig):
            return None
        payload = json.loads(_unb64(body))
        if float(payload["exp"]) < (time.time() if now is None else now):
            return None
        sid = payload.get("sid")
        return Principal(id=str(payload["sub"]), name=str(payload.get("name", payload["sub"])),
                         roles=parse_roles(payload["roles"]), kind=str(payload.get("kind", "user")),
                         session=None if sid is None else str(sid))
    except (ValueError, KeyError, TypeError, ValidationError, UnicodeDecodeError):
        return None


# API keys ----------------------------------------------------------------------------------------
def new_api_key() -> tuple[str, str]:
    """(key id, full key to hand out once). The full key is ``ltk_<id>.<secret>``."""
    key_id = secrets.token_hex(6)
    return key_id, f"{API_KEY_PREFIX}{key_id}.{secrets.token_urlsafe(32)}"


def api_key_hash(full_key: str) -> str:
    # API keys carry 256 bits of randomness: a fast hash is safe here (argon2 would cost ~50 ms per request)
    return hashlib.sha256(full_key.encode()).hexdigest()


def split_api_key(full_key: str) -> str | None:
    if not full_key.startswith(API_KEY_PREFIX) or "." not in full_key:
        return None
    key_id = full_key[len(API_KEY_PREFIX):].split(".", 1)[0]
    return key_id if key_id and all(c in "0123456789abcdef" for c in key_id) else None


# the user store ----------------------------------------------------------------------------------
def ensure_auth_schema(driver: neo4j.Driver, *, database: str = "neo4j") -> None:
    """Constraints the auth statements rely on (idempotent)."""
    GraphWriter(driver, database=database).run_schema(
        name for name in cypher_loader.names("auth") if cypher_loader.load(name).mode == "schema")


def new_session_epoch() -> str:
    """A fresh, unguessable session epoch (tokens issued under an older one are refused)."""
    return secrets.token_urlsafe(12)


@dataclass(frozen=True, slots=True)
class SessionState:
    """What a token check needs to know about its user."""

    disabled: bool
    session: str | None


def session_is_current(principal: Principal, state: SessionState | None, *, production: bool) -> bool:
    """Whether a validly signed token's principal may still act: its user exists, is enabled and has not been
    signed out since (same session epoch). A user absent from the store is admitted only outside production.

    >>> p = Principal("lan", "Lan", frozenset({Role.ANALYST}), session="e1")
    >>> session_is_current(p, SessionState(disabled=False, session="e1"), production=True)
    True
    >>> session_is_current(p, SessionState(disabled=False, session="e2"), production=True)
    False
    >>> session_is_current(p, SessionState(disabled=True, session="e1"), production=True)
    False
    >>> session_is_current(p, None, production=True), session_is_current(p, None, production=False)
    (False, True)
    """
    if state is None:
        return not production
    same = hmac.compare_digest((state.session or "").encode(), (principal.session or "").encode())
    return not state.disabled and same and (state.session is None) == (principal.session is None)


class UserStore:
    """Users and API keys as ``(:User)`` / ``(:ApiKey)`` nodes.

    Every change that must end sessions (disable, password, sign-out, key disable) stores a new session epoch and
    empties this process's session and API-key caches (:func:`invalidate_sessions`)."""

    def __init__(self, driver: neo4j.Driver, *, database: str = "neo4j") -> None:
        self._reader = GraphReader(driver, database=database)
        self._writer = GraphWriter(driver, database=database)

    def _require_user(self, username: str) -> None:
        if not self._reader.read("auth/user_get", {"id": username}):
            raise NotFoundError(f"không có người dùng {username!r}")

    def add_user(self, username: str, password: str, roles: Iterable[str], *, name: str | None = None) -> dict:
        username = username.strip()
        if not username or len(username) > 64 or not all(c.isalnum() or c in "._-@" for c in username):
            raise ValidationError("tên đăng nhập chỉ gồm chữ, số và . _ - @ (tối đa 64 ký tự)")
        role_set = parse_roles(roles)
        row = {"id": username, "name": name or username, "roles": sorted(r.value for r in role_set),
               "password_hash": hash_password(password), "disabled": False, "session_epoch": new_session_epoch()}
        try:
            self._writer.write("auth/user_upsert", [row])
        finally:
            invalidate_sessions()
        return {k: v for k, v in row.items() if k not in ("password_hash", "session_epoch")}

    def set_disabled(self, username: str, disabled: bool) -> None:
        """Disable (or re-enable) a user. Either way every token issued before is refused from now on (and the
        user's API keys while disabled)."""
        self._require_user(username)
        try:
            self._writer.write("auth/user_set_disabled", [{"id": username, "disabled": disabled,
                                                           "session_epoch": new_session_epoch()}])
        finally:
            invalidate_sessions()

    def revoke_sessions(self, username: str) -> None:
        """Sign ``username`` out everywhere: every token issued before is refused from now on."""
        self._require_user(username)
        try:
            self._writer.write("auth/user_revoke_sessions", [{"id": username, "session_epoch": new_session_epoch()}])
        finally:
            invalidate_sessions()

    def set_password(self, username: str, password: str) -> None:
        """A new password (an administrator's reset); ends every session of the user."""
        self._require_user(username)
        row = {"id": username, "password_hash": hash_password(password), "session_epoch": new_session_epoch()}
        try:
            self._writer.write("auth/user_set_password", [row])
        finally:
            invalidate_sessions()

    def change_password(self, username: str, current: str, new: str) -> Principal | None:
        """The user's own change: None when ``current`` is wrong; otherwise every older session ends and the
        principal of the new one is returned (to issue the caller a fresh token)."""
        if self.authenticate(username, current) is None:
            return None
        self.set_password(username, new)
        return self.authenticate(username, new)

    def session_state(self, username: str) -> SessionState | None:
        rows = self._reader.read("auth/user_session", {"id": username})
        if not rows:
            return None
        return SessionState(disabled=bool(rows[0]["disabled"]), session=rows[0]["session"])

    def list_users(self) -> list[dict]:
        return self._reader.read("auth/users_list")

    def authenticate(self, username: str, password: str) -> Principal | None:
        rows = self._reader.read("auth/user_get", {"id": username})
        if not rows:
            # spend the same time as a real check so usernames cannot be probed by timing
            verify_password(_dummy_hash(), password)
            return None
        u = rows[0]
        if u["disabled"] or not verify_password(u["password_hash"], password):
            return None
        return Principal(id=u["id"], name=u["name"] or u["id"], roles=parse_roles(u["roles"] or []),
                         session=u["session"])

    def add_api_key(self, owner: str, name: str, roles: Iterable[str]) -> tuple[str, str]:
        """Create a key for ``owner``; returns (key id, full key). Only the hash is stored."""
        if not self._reader.read("auth/user_get", {"id": owner}):
            raise ValidationError(f"không có người dùng {owner!r}")
        role_set = parse_roles(roles)
        key_id, full = new_api_key()
        self._writer.write("auth/api_key_upsert", [{
            "id": key_id, "name": name, "roles": sorted(r.value for r in role_set),
            "key_hash": api_key_hash(full), "owner": owner, "disabled": False}])
        return key_id, full

    def set_api_key_disabled(self, key_id: str, disabled: bool) -> None:
        """Disable (or re-enable) one API key; refused from the next request on."""
        if not self._reader.read("auth/api_key_get", {"id": key_id}):
            raise NotFoundError(f"không có khoá API {key_id!r}")
        try:
            self._writer.write("auth/api_key_set_disabled", [{"id": key_id, "disabled": disabled}])
        finally:
            invalidate_sessions()

    def api_key_principal(self, full_key: str) -> Principal | None:
        key_id = split_api_key(full_key)
        if key_id is None:
            return None
        rows = self._reader.read("auth/api_key_get", {"id": key_id})
        if not rows or rows[0]["disabled"]:
            return None
        k = rows[0]
        if not hmac.compare_digest(k["key_hash"], api_key_hash(full_key)):
            return None
        return Principal(id=f"key:{k['id']}", name=f"{k['name']} ({k['owner']})",
                         roles=parse_roles(k["roles"] or []), kind="api_key")


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_hex(16))


class _TTLCache:
    """A small TTL cache. :meth:`clear` also bumps a generation, so a value read from the database before a
    clear (a revocation) is not stored after it (:meth:`get_or_load`)."""

    def __init__(self, ttl_s: float, max_items: int = 10_000) -> None:
        self.ttl = ttl_s
        self.max = max_items
        self._d: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0

    def get_or_load(self, key: str, load: Callable[[], Any]) -> Any:
        hit, value = self.get(key)
        if hit:
            return value
        with self._lock:
            generation = self._generation
        value = load()
        with self._lock:
            if generation == self._generation and self.ttl > 0:
                self._d[key] = (time.monotonic() + self.ttl, value)
                self._d.move_to_end(key)
                while len(self._d) > self.max:
                    self._d.popitem(last=False)
        return value

    def get(self, key: str) -> tuple[bool, Any]:
        with self._lock:
            hit = self._d.get(key)
            if hit is None or hit[0] < time.monotonic():
                self._d.pop(key, None)
                return False, None
            return True, hit[1]

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._d[key] = (time.monotonic() + self.ttl, value)
            self._d.move_to_end(key)
            while len(self._d) > self.max:
                self._d.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._d.clear()
            self._generation += 1


@lru_cache(maxsize=1)
def session_cache() -> _TTLCache:
    """Per-user session states, for ``LANTOA_AUTH_SESSION_CHECK_S`` seconds."""
    return _TTLCache(get_auth_settings().session_check_s)


@lru_cache(maxsize=1)
def api_key_cache() -> _TTLCache:
    """API key principals, for ``LANTOA_AUTH_API_KEY_CACHE_S`` seconds."""
    return _TTLCache(get_auth_settings().api_key_cache_s)


def invalidate_sessions() -> None:
    """Forget every cached session state and API key (after a revocation in this process)."""
    session_cache().clear()
    api_key_cache().clear()


# rate limits -------------------------------------------------------------------------------------
class RateLimiter:
    """In-process token buckets keyed by principal or IP (one process = one budget; the limiters the API uses are
    shared by every worker through Redis when ``LANTOA_API_REDIS_URL`` is set, see ``api/rate_limit.py``)."""

    def __init__(self, rate_per_s: float, burst: float, *, max_keys: int = 50_000) -> None:
        self.rate = rate_per_s
        self.burst = burst
        self.max_keys = max_keys
        self._b: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str, *, now: float | None = None) -> float:
        """0.0 when allowed; otherwise the seconds to wait before the next request is allowed."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._b.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._b[key] = (tokens - 1.0, now)
                self._b.move_to_end(key)
                while len(self._b) > self.max_keys:
                    self._b.popitem(last=False)
                return 0.0
            self._b[key] = (tokens, now)
            return (1.0 - tokens) / self.rate


@lru_cache(maxsize=1)
def _rate_store() -> Any:
    """One Redis client per process for the shared rate limits (``LANTOA_API_REDIS_URL``), or None."""
    from api.rate_limit import redis_client

    url = get_api_settings().redis_url
    return redis_client(url) if url else None


def _limiter(name: str, rate_per_s: float, burst: float) -> Limiter:
    """Shared by every API worker through Redis when configured (``api/rate_limit.py``), else in-process."""
    from api.rate_limit import shared

    local = RateLimiter(rate_per_s, burst)
    client = _rate_store()
    return shared(local, name, rate_per_s, burst, get_api_settings().redis_url if client else None, client)


@lru_cache(maxsize=1)
def request_limiter() -> Limiter:
    s = get_auth_settings()
    return _limiter("request", s.rate_per_s, s.rate_burst)


@lru_cache(maxsize=1)
def login_limiter() -> Limiter:
    s = get_auth_settings()
    return _limiter("login", s.login_per_min / 60.0, max(3.0, s.login_per_min / 2))


@lru_cache(maxsize=1)
def public_limiter() -> Limiter:
    s = get_auth_settings()
    return _limiter("public", s.public_per_min / 60.0, max(3.0, s.public_per_min / 3))


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def enforce_rate(limiter: Limiter, key: str) -> None:
    wait = limiter.take(key)
    if wait > 0:
        raise HTTPException(status_code=429, detail="Quá nhiều yêu cầu, vui lòng thử lại sau",
                            headers={"Retry-After": str(max(1, int(wait + 0.999)))})


# request authentication --------------------------------------------------------------------------
def principal_from_request(request: Request) -> Principal | None:
    """Who is calling (bearer token, API key or session cookie), or None."""
    cached = request.scope.get("lantoa.principal", False)
    if cached is not False:
        return cached
    principal: Principal | None = None
    authz = request.headers.get("authorization", "")
    if authz[:7].lower() == "bearer ":
        principal = _current(request, verify_token(authz[7:].strip()))
    elif (key := request.headers.get(API_KEY_HEADER)) is not None:
        database = request.app.state.database
        principal = api_key_cache().get_or_load(
            f"{database}\x00{key}",
            lambda: UserStore(request.app.state.driver, database=database).api_key_principal(key))
    elif (cookie := request.cookies.get(SESSION_COOKIE)) is not None:
        principal = _current(request, verify_token(cookie))
    request.scope["lantoa.principal"] = principal
    return principal


def _current(request: Request, principal: Principal | None) -> Principal | None:
    """The token's principal if its session is still current (see :func:`session_is_current`)."""
    if principal is None:
        return None
    database = request.app.state.database
    state = session_cache().get_or_load(
        f"{database}\x00{principal.id}",
        lambda: UserStore(request.app.state.driver, database=database).session_state(principal.id))
    return principal if session_is_current(principal, state, production=get_runtime_settings().production) else None


def _unauthorized() -> HTTPException:
    return HTTPException(status_code=401, detail="Cần đăng nhập (Bearer token, X-API-Key hoặc phiên)",
                         headers={"WWW-Authenticate": "Bearer"})


def require_roles(*roles: Role) -> Callable[[Request], Principal]:
    """A FastAPI dependency admitting callers with any of ``roles`` (``admin`` always).

    ``Annotated[Principal, Depends(require_roles(Role.ANALYST))]`` — 401 without valid credentials,
    403 when the roles do not match, 429 over the rate limit."""
    admitted = frozenset(roles) | {Role.ADMIN}

    def dependency(request: Request) -> Principal:
        principal = principal_from_request(request)
        if principal is None:
            enforce_rate(request_limiter(), f"ip:{client_ip(request)}")
            raise _unauthorized()
        enforce_rate(request_limiter(), f"p:{principal.id}")
        if not principal.has_any(admitted):
            raise HTTPException(status_code=403, detail="Vai trò của bạn không được phép truy cập chức năng này")
        return principal

    dependency.admitted_roles = admitted  # type: ignore[attr-defined]
    dependency.__name__ = "require_" + "_or_".join(sorted(r.value for r in admitted))
    return dependency


def roles_doc(*roles: Role) -> str:
    """The sentence each endpoint's OpenAPI description carries."""
    names = sorted({*(r.value for r in roles), Role.ADMIN.value})
    return "**Vai trò được phép:** " + ", ".join(f"`{n}`" for n in names) + "."


PUBLIC_DOC = "**Công khai:** không cần đăng nhập (giới hạn tần suất theo IP)."

AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "Chưa đăng nhập hoặc thông tin xác thực không hợp lệ"},
    403: {"description": "Vai trò không được phép"},
    429: {"description": "Vượt giới hạn tần suất"},
}


# audit log ---------------------------------------------------------------------------------------
def _event_hash(event: dict[str, Any]) -> str:
    fields = {k: event[k] for k in ("seq", "at", "actor", "roles", "action", "target", "detail", "ip", "prev_hash")}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, separators=(",", ":"),
                                     ensure_ascii=False).encode()).hexdigest()


_schema_ready: set[int] = set()


def write_audit_event(driver: neo4j.Driver, *, database: str = "neo4j", actor: str, roles: Iterable[str],
                      action: str, target: str, detail: dict[str, Any] | None = None,
                      ip: str | None = None) -> dict[str, Any]:
    """Append one event to the hash chain, atomically (the chain head is locked for the transaction)."""
    if id(driver) not in _schema_ready:
        ensure_auth_schema(driver, database=database)
        _schema_ready.add(id(driver))
    detail_json = json.dumps(detail or {}, sort_keys=True, ensure_ascii=False, default=str)
    role_names = sorted(str(r) for r in roles)

    def append(uow: UnitOfWork) -> dict[str, Any]:
        # a retry runs all of this again: the head is locked and read anew, the event rebuilt on it
        head = uow.single("auth/audit_lock_head")
        if head is None:
            raise DatabaseError("the audit chain head could not be locked")
        event = {"seq": int(head["seq"]) + 1, "at": datetime.now(UTC).isoformat(), "actor": actor,
                 "roles": role_names, "action": action, "target": target,
                 "detail": detail_json, "ip": ip, "prev_hash": head["head"]}
        event["hash"] = _event_hash(event)
        if uow.single("auth/audit_append", {**event, "prev_seq": int(head["seq"])}) is None:
            raise DatabaseError("audit chain head moved during the append")
        return event

    return GraphWriter(driver, database=database).unit_of_work(append)


def audit(request: Request, principal: Principal | None, action: str, target: str,
          detail: dict[str, Any] | None = None) -> dict[str, Any]:
    """Record that ``principal`` did ``action`` on ``target`` (e.g. ``"report.run"``, ``"reports/daily_digest"``)."""
    return write_audit_event(
        request.app.state.driver, database=request.app.state.database,
        actor=principal.id if principal else "anonymous",
        roles=principal.role_names() if principal else [],
        action=action, target=target, detail=detail, ip=client_ip(request))


@dataclass(slots=True)
class ChainReport:
    ok: bool
    events: int
    head: str
    problems: list[str] = field(default_factory=list)


def verify_audit_chain(driver: neo4j.Driver, *, database: str = "neo4j") -> ChainReport:
    """Recompute every event's hash and link; report edits, deletions and reordering."""
    reader = GraphReader(driver, database=database)
    problems: list[str] = []
    prev_hash, expected_seq, n, last_seq = "", 1, 0, 0
    for ev in reader.stream("auth/audit_all"):
        n += 1
        if ev["seq"] != expected_seq:
            problems.append(f"sự kiện #{expected_seq} bị thiếu (gặp #{ev['seq']})")
            expected_seq = ev["seq"]
        if ev["prev_hash"] != prev_hash:
            problems.append(f"sự kiện #{ev['seq']}: liên kết với sự kiện trước bị sai")
        if _event_hash(ev) != ev["hash"]:
            problems.append(f"sự kiện #{ev['seq']}: nội dung đã bị sửa (SHA-256 không khớp)")
        prev_hash, last_seq = ev["hash"], ev["seq"]
        expected_seq += 1
    head = reader.read("auth/audit_head")[0]
    if head["head"] != prev_hash or head["seq"] != last_seq:
        problems.append("đầu chuỗi không khớp với sự kiện cuối (có sự kiện bị xoá ở cuối)")
    return ChainReport(ok=not problems, events=n, head=prev_hash, problems=problems)


def reset_caches() -> None:
    """For tests and settings reloads."""
    for f in (get_auth_settings, _hasher, _secret, request_limiter, login_limiter, public_limiter, _dummy_hash,
              session_cache, api_key_cache, get_runtime_settings, get_api_settings, _rate_store):
        f.cache_clear()


def install_openapi_security(app: Any) -> None:
    """Declare the bearer token, API key and session cookie in the OpenAPI spec, and mark every operation
    that can answer 401 as needing one of them."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        spec.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "Token từ POST /auth/token"},
            "apiKey": {"type": "apiKey", "in": "header", "name": API_KEY_HEADER,
                       "description": "Khoá API cho tích hợp (ltk_<id>.<bí mật>)"},
            "session": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE},
        }
        for ops in spec.get("paths", {}).values():
            for op in ops.values():
                if isinstance(op, dict) and "401" in op.get("responses", {}) and op.get("operationId") != \
                        "token_auth_token_post":
                    op["security"] = [{"bearer": []}, {"apiKey": []}, {"session": []}]
        app.openapi_schema = spec
        return spec

    app.openapi = openapi
