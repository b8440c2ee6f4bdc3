"""Influence rankings, answered from the rankings the latest influence run stored (never computed here)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader
from api.routes.common import BytesCache, Pagination, account_ref, latest_run, responses
from api.schemas import RankingPage, RankingScopes

router = APIRouter(prefix="/rankings", tags=["rankings"])

ROLES = (Role.ANALYST, Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON, Role.PRESS_OFFICER)
Caller = Annotated[Principal, Depends(require_roles(*ROLES))]

_cache = BytesCache(30.0)


class Window(StrEnum):
    ALL = "all"
    H24 = "24h"
    D7 = "7d"
    D30 = "30d"


def ranking_id(run: str, *, window: Window, topic: str | None, platform: str | None,
               community_id: str | None) -> tuple[str, dict]:
    """The stored Ranking's id for a scope (docs/graph-results.md: ``<run>:<scope>:<value>``)."""
    chosen = [(k, v) for k, v in (("topic", topic), ("platform", platform), ("community", community_id)) if v]
    if len(chosen) > 1 or (chosen and window != Window.ALL):
        raise HTTPException(400, "Chỉ chọn một phạm vi: cửa sổ thời gian, chủ đề, nền tảng hoặc cộng đồng")
    if chosen:
        scope, value = chosen[0]
    elif window != Window.ALL:
        scope, value = "window", window.value
    else:
        scope, value = "all", "all"
    desc = {"scope": scope, "window": window.value if scope in ("window", "all") else "all", "topic": topic,
            "platform": platform, "community_id": community_id}
    return f"{run}:{scope}:{value}", desc


@router.get(
    "/influence", response_model=RankingPage, responses=responses(400),
    summary="Xếp hạng ảnh hưởng của tài khoản (từ lần phân tích gần nhất)",
    description="Bảng xếp hạng đã lưu: toàn bộ, theo cửa sổ thời gian, chủ đề, nền tảng hoặc cộng đồng. "
                "Tên và định danh của cá nhân được ẩn danh với vai trò không được xem dữ liệu cá nhân.\n\n"
                + roles_doc(*ROLES),
)
def influence(
    request: Request,
    principal: Caller,
    reader: Reader,
    page: Annotated[Pagination, Depends()],
    window: Window = Window.ALL,
    topic: Annotated[str | None, Query(max_length=200)] = None,
    platform: Annotated[str | None, Query(max_length=50)] = None,
    community_id: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    run = latest_run(reader, "influence")
    rid, scope = ranking_id(run["id"] if run else "-", window=window, topic=topic, platform=platform,
                            community_id=community_id)
    masked = not principal.sees_personal_data
    key = (rid, page.offset, page.limit, masked)

    def build() -> bytes:
        head = reader.read("read/ranking_head", {"ranking_id": rid}) if run else []
        items = []
        if head:
            for r in reader.read("read/ranking_entries",
                                 {"ranking_id": rid, "skip": page.offset, "limit": page.limit}):
                items.append({
                    "rank": r["rank"], "score": r["score"], "pagerank": r["pagerank"], "reach": r["reach"],
                    "engagement": r["engagement"], "amplification": r["amplification"], "bridge": r["bridge"],
                    "kcore": r["kcore"], "account": account_ref(r, principal, id_key="account_id"),
                })
        return orjson.dumps({
            "run": run, "ranking_id": rid if head else None, "scope": scope,
            "total": head[0]["total"] if head else 0, "offset": page.offset, "limit": page.limit,
            "items": items,
        })

    body = _cache.get_or_set(key, build)
    if not masked:
        audit(request, principal, "personal_data.view", f"ranking:{rid}",
              {"offset": page.offset, "limit": page.limit})
    return Response(body, media_type="application/json")


@router.get(
    "/scopes", response_model=RankingScopes, responses=responses(),
    summary="Các phạm vi xếp hạng đã lưu trong lần phân tích gần nhất",
    description=roles_doc(*ROLES),
)
def scopes(principal: Caller, reader: Reader) -> dict:
    run = latest_run(reader, "influence")
    rows = reader.read("read/ranking_scopes", {"run": run["id"]}) if run else []
    return {"run": run, "scopes": rows}


def clear_cache() -> None:
    _cache.clear()
