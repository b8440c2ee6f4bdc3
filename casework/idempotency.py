"""Every write safe to retry: a client's ``Idempotency-Key`` claimed in the write's own transaction.

A client that lost an answer (a timeout, a restarted API) sends the same request again with the same
``Idempotency-Key``. The key is scoped to the caller and the operation (:func:`token`) and stored as an
``IdempotencyKey`` node *in the same transaction* as the write it guards (:func:`guarded`):

* the first request creates the key with the request's fingerprint and commits it with its write — both or
  neither, so a crash between them cannot leave a write without its key;
* a retry finds the key and writes nothing; the caller answers with the stored resource (the same ids);
* a concurrent twin waits on the key's uniqueness lock, then finds it;
* the same key with a different request (another body or target) is refused (:class:`IdempotencyKeyReusedError`).

Without a key every write is still content-idempotent (see each operation): ids derived from the content, state
changes that skip when the state is already the requested one.

>>> token("u1", "case.create", "k-1") == token("u1", "case.create", "k-1") != token("u2", "case.create", "k-1")
True
>>> fingerprint({"b": 1, "a": [1, 2]}) == fingerprint({"a": [1, 2], "b": 1})
True
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from common.errors import ValidationError
from graph.repository import GraphWriter, UnitOfWork

T = TypeVar("T")
HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replayed"
MAX_KEY = 200
_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")  # visible ASCII, as in the IETF Idempotency-Key draft
KEY_RETENTION_DAYS = 30


class IdempotencyKeyReusedError(ValidationError):
    """The Idempotency-Key was already used for a different request."""


def check_key(key: str | None) -> str | None:
    """The key as sent (``None`` when absent); refuse an empty, over-long or non-ASCII one."""
    if key is None:
        return None
    if not _KEY.match(key):
        raise ValidationError(f"{HEADER} phải gồm 1–{MAX_KEY} ký tự ASCII nhìn thấy được")
    return key


def token(principal: str, operation: str, key: str) -> str:
    """The key's stored id: SHA-256 of who, which operation and the client's key (one client's key never
    collides with another's)."""
    return hashlib.sha256(f"{principal}\x00{operation}\x00{key}".encode()).hexdigest()


def _default(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, bytes):
        return hashlib.sha256(v).hexdigest()
    return str(v)


def fingerprint(request: Mapping[str, Any]) -> str:
    """SHA-256 of a request's canonical JSON (keys sorted): the same request has the same fingerprint."""
    raw = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)
    return hashlib.sha256(raw.encode()).hexdigest()


def derived_id(prefix: str, *parts: Any, length: int = 20) -> str:
    """A content-derived id: ``prefix:`` + the first ``length`` hex digits of the parts' SHA-256.

    >>> derived_id("case", "u", "k")[:5], len(derived_id("case", "u", "k"))
    ('case:', 25)
    """
    raw = json.dumps(list(parts), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default)
    return f"{prefix}:{hashlib.sha256(raw.encode()).hexdigest()[:length]}"


@dataclass(frozen=True, slots=True)
class Claim:
    """One request's key: who, which operation, on what, with which request."""

    principal: str
    operation: str
    key: str
    target: str
    fingerprint: str

    @property
    def id(self) -> str:
        return token(self.principal, self.operation, self.key)


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    replayed: bool
    target: str
    value: T | None = None


def claim(uow: UnitOfWork, c: Claim, *, at: datetime) -> str | None:
    """Claim ``c`` in ``uow``'s transaction. ``None`` when this request is the first (go on and write);
    otherwise the target the first request wrote (write nothing). Raises when the key came with another request."""
    row = uow.single("load/idempotency_claim", {
        "id": c.id, "operation": c.operation, "target": c.target, "fingerprint": c.fingerprint,
        "principal": c.principal, "at": at.isoformat(), "claim": uuid.uuid4().hex})
    assert row is not None
    if row["fresh"]:
        return None
    if row["operation"] != c.operation or row["fingerprint"] != c.fingerprint or row["target"] != c.target:
        raise IdempotencyKeyReusedError(
            f"{HEADER} này đã được dùng cho một yêu cầu khác; hãy dùng khoá mới cho mỗi thao tác mới")
    return str(row["target"])


def guarded(writer: GraphWriter, c: Claim | None, write: Callable[[UnitOfWork], T | None], *,
            at: datetime) -> Outcome[T]:
    """Run ``write`` in one transaction with the claim of ``c`` (when the client sent a key).

    ``write`` returns ``None`` to say "nothing to do" (a content-idempotent repeat); the outcome is then a replay
    too. It must be safe to run twice (the driver retries transient failures): it reads the state it needs itself.
    """
    def work(uow: UnitOfWork) -> Outcome[T]:
        if c is not None and (target := claim(uow, c, at=at)) is not None:
            return Outcome(True, target)
        value = write(uow)
        return Outcome(value is None, c.target if c else "", value)

    return writer.unit_of_work(work)
