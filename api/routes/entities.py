"""Canonical entities (people, places, organisations) with mentions over time, and accounts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from api.auth import PERSONAL_DATA_ROLES, Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader
from api.routes.common import account_ref, responses
from api.schemas import AccountDetail, EntityList, EntityMentions
from common.errors import NotFoundError
from graph.repository import GraphReader

router = APIRouter(tags=["entities"])

ROLES = (Role.ANALYST, Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON, Role.PRESS_OFFICER)
ACCOUNT_ROLES = tuple(sorted(PERSONAL_DATA_ROLES - {Role.ADMIN}))
Caller = Annotated[Principal, Depends(require_roles(*ROLES))]
AccountCaller = Annotated[Principal, Depends(require_roles(*ACCOUNT_ROLES))]


class EntityKind(StrEnum):
    PERSON = "Person"
    PLACE = "Place"
    ORGANIZATION = "Organization"


@router.get("/entities", response_model=EntityList, responses=responses(),
            summary="Tìm thực thể (người, địa danh, tổ chức) theo tên", description=roles_doc(*ROLES))
def entities(
    principal: Caller, reader: Reader,
    q: Annotated[str | None, Query(max_length=200)] = None,
    label: EntityKind | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict:
    rows = reader.read("read/entities_search", {"q": q or None, "label": label.value if label else None,
                                                 "limit": limit})
    return {"items": rows}


@router.get("/entities/{entity_id}/mentions", response_model=EntityMentions, responses=responses(404),
            summary="Số lần nhắc đến thực thể theo ngày", description=roles_doc(*ROLES))
def mentions(
    entity_id: Annotated[str, Path(min_length=1, max_length=300)],
    principal: Caller, reader: Reader,
    days: Annotated[int, Query(ge=1, le=366)] = 30,
) -> dict:
    ent = reader.read("read/entity_get", {"id": entity_id})
    if not ent:
        raise NotFoundError(f"không có thực thể {entity_id!r}")
    since = (datetime.now(UTC) - timedelta(days=days)).replace(microsecond=0).isoformat()
    e = ent[0]
    rows = reader.read("read/entity_mentions", {"id": entity_id, "since": since})
    return {"entity": {k: e[k] for k in ("id", "label", "name", "kind", "admin_code", "level")},
            "since": since, "days": rows}


def account_detail(reader: GraphReader, account_id: str, principal: Principal) -> dict[str, Any]:
    rows = reader.read("read/account_detail", {"id": account_id})
    if not rows:
        raise NotFoundError(f"không có tài khoản {account_id!r}")
    r = rows[0]
    a = r["account"]
    out = {k: a.get(k) for k in ("pagerank", "rank", "influence", "reach", "engagement", "amplification", "bridge",
                                 "kcore", "coordination_group", "influence_run")}
    out["account"] = account_ref({**a, "owned_by_outlet": r["outlet_id"] is not None}, principal)
    out.update({k: r[k] for k in ("outlet_id", "outlet_name", "posts", "story_posts", "amplified_by", "amplifies")})
    out["recent_posts"] = reader.read("read/account_posts", {"id": account_id, "limit": 20})
    return out


@router.get("/accounts/{account_id}", response_model=AccountDetail, responses=responses(404),
            summary="Hồ sơ một tài khoản: ảnh hưởng, cộng đồng, bài đăng gần đây",
            description="Dữ liệu cá nhân (theo dõi hoạt động mạng xã hội của một người): chỉ vai trò được phép, "
                        "mỗi lần xem được ghi nhật ký kiểm toán.\n\n" + roles_doc(*ACCOUNT_ROLES))
def account(account_id: Annotated[str, Path(min_length=1, max_length=300)], request: Request,
            principal: AccountCaller, reader: Reader) -> dict:
    out = account_detail(reader, account_id, principal)
    audit(request, principal, "personal_data.view", f"account:{account_id}")
    return out
