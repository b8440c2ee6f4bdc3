"""Handling of stories: the recommendation with its reasons, inspectors' decisions (confirm or override),
linked refutations and the time from detection to refutation."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader, Writer
from api.idempotency import KeyHeader, claim_for, idempotent_doc, mark_replay
from api.routes.common import responses
from casework import handling
from casework.idempotency import guarded
from casework.reports import plain
from casework.schedule import refutation_delays
from common.errors import NotFoundError
from graph.repository import UnitOfWork

router = APIRouter(prefix="/handling", tags=["handling"])
READERS = (Role.ANALYST, Role.INSPECTOR, Role.INVESTIGATOR, Role.POLICE_LIAISON, Role.PRESS_OFFICER)
DECIDERS = (Role.INSPECTOR,)
Viewer = Annotated[Principal, Depends(require_roles(*READERS))]
Decider = Annotated[Principal, Depends(require_roles(*DECIDERS))]


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decided: handling.Handling
    verdict: str | None = Field(default=None, pattern="^(false|unverified|true|official)$")
    note: str | None = Field(default=None, max_length=4000)


class RefutationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item_id: str = Field(min_length=1, max_length=2000)


class RefutationOut(BaseModel):
    """An item linked as refuting the story: proposed by the warning pass (method auto) or linked by an inspector;
    status proposed | confirmed | rejected (undone, kept so it is not proposed again)."""
    item_id: str
    item_kind: str
    text: str = ""
    url: str | None = None
    published_at: str | None = None
    source_name: str | None = None
    source_class: str | None = None
    method: str
    status: str
    cue: str | None = None
    snippet: str | None = None
    score: float | None = None
    shared_terms: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    linked_by: str | None = None
    linked_at: str | None = None
    confirmed_by: str | None = None
    confirmed_at: str | None = None
    rejected_by: str | None = None
    rejected_at: str | None = None


class HandlingOut(BaseModel):
    story_id: str
    handling: str | None = None
    recommended: str | None = None
    reasons: list[str] = Field(default_factory=list)
    verdict: str | None = None
    crisis_level: int = 0
    crisis_reasons: list[str] = Field(default_factory=list)
    decisions: list[dict[str, Any]] = Field(default_factory=list)
    refutation_hours: float | None = None
    refutations: list[RefutationOut] = Field(default_factory=list)


class DelayOut(BaseModel):
    story_id: str
    title: str
    hours: float | None = None


def _get(reader: Reader, story_id: str) -> dict[str, Any]:
    rows = reader.read("read/story_decisions", {"story_id": story_id})
    if not rows:
        raise NotFoundError(f"không có câu chuyện {story_id!r}")
    out = {k: plain(v) for k, v in rows[0].items()}
    delays = [d for d in refutation_delays(reader, since=datetime(1970, 1, 1).astimezone())
              if d["story_id"] == story_id]
    out["refutation_hours"] = delays[0]["hours"] if delays else None
    out["refutations"] = [{k: plain(v) for k, v in r.items()}
                          for r in reader.read("read/story_refutations", {"story_id": story_id})]
    return out


@router.get("/refutation-delays", response_model=list[DelayOut], responses=responses(),
            summary="Thời gian từ khi phát hiện đến khi có tin bác bỏ", description=roles_doc(*READERS))
def delays(principal: Viewer, reader: Reader,
           days: Annotated[int, Query(ge=1, le=3650)] = 90) -> list[dict]:
    since = datetime.now().astimezone() - timedelta(days=days)
    return refutation_delays(reader, since=since)


@router.get("/{story_id}", response_model=HandlingOut, responses=responses(404),
            summary="Khuyến nghị xử lý và các quyết định của một câu chuyện", description=roles_doc(*READERS))
def get_handling(story_id: str, principal: Viewer, reader: Reader) -> dict:
    return _get(reader, story_id)


DECIDE_DOC = idempotent_doc(
    "mã quyết định không chứa thời điểm, nên một quyết định lặp lại đúng quyết định mới nhất của cùng thanh tra "
    "(cùng hướng xử lý, kết luận, ghi chú) là một lần gửi lại và không được lưu thêm.")
LINK_DOC = idempotent_doc("một liên kết đã xác nhận được giữ nguyên (người và thời điểm xác nhận lần đầu).")
UNDO_DOC = idempotent_doc("một liên kết đã gỡ được giữ nguyên (người và thời điểm gỡ lần đầu).")


@router.post("/{story_id}/decision", response_model=HandlingOut, responses=responses(404, 422),
             summary="Thanh tra xác nhận hoặc thay đổi hướng xử lý", description=roles_doc(*DECIDERS) + DECIDE_DOC)
def decide(story_id: str, body: DecisionIn, request: Request, response: Response, principal: Decider,
           reader: Reader, writer: Writer, idempotency_key: KeyHeader = None) -> dict:
    current = _get(reader, story_id)
    claim = claim_for(principal, "handling.decide", idempotency_key, story_id, body.model_dump(mode="json"))
    at = datetime.now().astimezone()

    def write(uow: UnitOfWork) -> handling.Decision | None:
        latest = uow.single("read/story_latest_decision", {"story_id": story_id})
        d = handling.decide(story_id, body.decided.value, by=principal.id, at=at,
                            recommended=current.get("recommended"), verdict=body.verdict, note=body.note,
                            previous=latest["id"] if latest else None, key=claim.id if claim else None)
        if claim is None and handling.is_repeat(latest, d):
            return None
        uow.run("load/decisions", {"rows": [d.as_row()]})
        return d

    outcome = guarded(writer, claim, write, at=at)
    mark_replay(response, outcome)
    if outcome.value is not None:
        d = outcome.value
        audit(request, principal, "handling.decide", story_id, {"decided": d.decided, "override": d.override,
                                                                "decision": d.id})
    return _get(reader, story_id)


@router.post("/{story_id}/refutations", response_model=HandlingOut, responses=responses(404, 422),
             summary="Liên kết (hoặc xác nhận liên kết đã đề xuất) bài bác bỏ/đính chính với câu chuyện",
             description=roles_doc(*DECIDERS) + LINK_DOC)
def link_refutation(story_id: str, body: RefutationIn, request: Request, response: Response, principal: Decider,
                    reader: Reader, writer: Writer, idempotency_key: KeyHeader = None) -> dict:
    _get(reader, story_id)
    claim = claim_for(principal, "handling.refutation", idempotency_key, story_id, body.model_dump(mode="json"))
    at = datetime.now().astimezone()

    def write(uow: UnitOfWork) -> int | None:
        row = uow.single("load/refutations", {"rows": [{"story_id": story_id, "item_id": body.item_id,
                                                         "linked_by": principal.id, "linked_at": at.isoformat()}]})
        if not row or not row["links"]:
            raise NotFoundError(f"không có bài báo hoặc bài đăng {body.item_id!r}")
        return row["changed"] or None

    outcome = guarded(writer, claim, write, at=at)
    mark_replay(response, outcome)
    if not outcome.replayed:
        audit(request, principal, "handling.refutation", story_id, {"item_id": body.item_id})
    return _get(reader, story_id)


@router.delete("/{story_id}/refutations", response_model=HandlingOut, responses=responses(404, 422),
               summary="Gỡ liên kết bài bác bỏ (được lưu lại, không đề xuất lại)",
               description=roles_doc(*DECIDERS) + UNDO_DOC)
def undo_refutation(story_id: str, request: Request, response: Response, principal: Decider, reader: Reader,
                    writer: Writer, item_id: Annotated[str, Query(min_length=1, max_length=2000)],
                    idempotency_key: KeyHeader = None) -> dict:
    _get(reader, story_id)
    claim = claim_for(principal, "handling.refutation_undo", idempotency_key, story_id, {"item_id": item_id})
    at = datetime.now().astimezone()

    def write(uow: UnitOfWork) -> int | None:
        row = uow.single("load/refutation_undo", {"story_id": story_id, "item_id": item_id, "by": principal.id,
                                                  "at": at.isoformat()})
        if not row or not row["undone"]:
            raise NotFoundError(f"câu chuyện {story_id!r} không có liên kết bác bỏ từ {item_id!r}")
        return row["changed"] or None

    outcome = guarded(writer, claim, write, at=at)
    mark_replay(response, outcome)
    if not outcome.replayed:
        audit(request, principal, "handling.refutation_undo", story_id, {"item_id": item_id})
    return _get(reader, story_id)
