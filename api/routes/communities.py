"""Communities of accounts found by the latest communities run."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader
from api.routes.common import Pagination, account_ref, latest_run, mask_community, responses
from api.schemas import CommunityDetail, CommunityPage
from common.errors import NotFoundError

router = APIRouter(prefix="/communities", tags=["communities"])

ROLES = (Role.ANALYST, Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON)
Caller = Annotated[Principal, Depends(require_roles(*ROLES))]


@router.get("", response_model=CommunityPage, responses=responses(),
            summary="Các cộng đồng tài khoản (lần phân tích gần nhất), lớn nhất trước",
            description="Tên, định danh cá nhân trong nhãn và tài khoản tiêu biểu được ẩn danh với vai trò không "
                        "được xem dữ liệu cá nhân; xem có tên được ghi nhật ký.\n\n" + roles_doc(*ROLES))
def communities(request: Request, principal: Caller, reader: Reader, page: Annotated[Pagination, Depends()]) -> dict:
    run = latest_run(reader, "communities")
    if run is None:
        return {"run": None, "total": 0, "offset": page.offset, "limit": page.limit, "items": []}
    total = reader.read("read/communities_count", {"run": run["id"]})[0]["total"]
    items = [mask_community(r, principal)
             for r in reader.read("read/communities_page", {"run": run["id"], "skip": page.offset, "limit": page.limit})]
    if principal.sees_personal_data:
        audit(request, principal, "personal_data.view", f"communities:{run['id']}",
              {"offset": page.offset, "limit": page.limit})
    return {"run": run, "total": total, "offset": page.offset, "limit": page.limit, "items": items}


@router.get("/{community_id}", response_model=CommunityDetail, responses=responses(404),
            summary="Một cộng đồng và các thành viên có ảnh hưởng nhất",
            description="Tên cá nhân ẩn danh với vai trò không được xem dữ liệu cá nhân.\n\n" + roles_doc(*ROLES))
def community(
    community_id: Annotated[str, Path(min_length=1, max_length=300)],
    request: Request, principal: Caller, reader: Reader,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict:
    rows = reader.read("read/community_detail", {"id": community_id})
    if not rows:
        raise NotFoundError(f"không có cộng đồng {community_id!r}")
    out = mask_community(rows[0], principal)
    members = reader.read("read/community_members", {"id": community_id, "skip": offset, "limit": limit})
    if principal.sees_personal_data:
        audit(request, principal, "personal_data.view", f"community:{community_id}")
    out["members"] = [{"account": account_ref(m, principal, id_key="account_id"), "pagerank": m["pagerank"],
                       "stability": m["stability"]} for m in members]
    out["members_offset"], out["members_limit"] = offset, limit
    return out
