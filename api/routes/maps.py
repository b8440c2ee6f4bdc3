"""Interactive maps (HTML pages with an inlined vis-network; see viz/maps.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader
from api.routes.common import BytesCache, account_ref, latest_run, mask_community, responses
from api.routes.entities import ACCOUNT_ROLES
from api.routes.stories import cascade_nodes
from common.errors import NotFoundError
from viz import maps

router = APIRouter(prefix="/maps", tags=["maps"])

ROLES = (Role.ANALYST, Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON)
Caller = Annotated[Principal, Depends(require_roles(*ROLES))]
AccountCaller = Annotated[Principal, Depends(require_roles(*ACCOUNT_ROLES))]
HTML = {200: {"content": {"text/html": {}}, "description": "Trang bản đồ tương tác (HTML, không cần Internet)"}}

_cache = BytesCache(60.0, 64)


def _map_account(row: dict[str, Any], principal: Principal) -> dict[str, Any]:
    ref = account_ref(row, principal)
    return {**ref, "pagerank": row.get("pagerank")}


def _community_labels(reader, principal: Principal) -> dict[str, str]:
    """What each community of the latest run is (its label from its members, masked for the caller's role)."""
    run = latest_run(reader, "communities")
    if not run:
        return {}
    rows = [mask_community(r, principal) for r in reader.read("read/map_community_graph", {"run": run["id"]})]
    return {r["id"]: r["label"] for r in rows if r.get("label")}


@router.get("/network", response_class=HTMLResponse, responses={**responses(html=True), **HTML},
            summary="Bản đồ mạng lưới khuếch đại: màu theo cộng đồng, kích thước theo ảnh hưởng",
            description="Tối đa 5.000 tài khoản ảnh hưởng nhất (hoặc của một cộng đồng). Trên 300 nút: bố cục "
                        "tính trước trên máy chủ, tắt mô phỏng vật lý. Tên cá nhân ẩn danh với vai trò không được "
                        "xem dữ liệu cá nhân.\n\n" + roles_doc(*ROLES))
def network(request: Request, principal: Caller, reader: Reader,
            community_id: Annotated[str | None, Query(max_length=300)] = None,
            limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> HTMLResponse:
    masked = not principal.sees_personal_data
    run = latest_run(reader, "influence")

    def build() -> bytes:
        rows = reader.read("read/map_accounts", {"community_id": community_id, "limit": limit})
        accounts = [_map_account(r, principal) for r in rows]
        real_to_shown = {r["id"]: a["id"] for r, a in zip(rows, accounts, strict=True)}
        max_edges = min(15_000, 3 * len(rows))  # a drawable map: the heaviest edges only
        edges = reader.read("read/map_edges", {"ids": list(real_to_shown), "max_edges": max_edges}) if rows else []
        edges = [{"source": real_to_shown[e["source"]], "target": real_to_shown[e["target"]], "count": e["count"]}
                 for e in edges]
        labels = _community_labels(reader, principal)
        sub = f"{len(accounts)} tài khoản ảnh hưởng nhất" + (
            f" của cộng đồng {labels.get(community_id) or community_id}" if community_id else "")
        if run:
            sub += f" · lần phân tích {run['id']}"
        return maps.network_map_html(accounts, edges, subtitle=sub, community_labels=labels).encode()

    body = _cache.get_or_set(("network", run["id"] if run else None, community_id, limit, masked), build)
    if not masked:
        audit(request, principal, "personal_data.view", f"map:network:{community_id or 'all'}", {"limit": limit})
    return HTMLResponse(body)


@router.get("/communities", response_class=HTMLResponse, responses={**responses(html=True), **HTML},
            summary="Bản đồ tổng hợp: mỗi cộng đồng là một nút (cho mạng lớn)", description=roles_doc(*ROLES))
def communities(request: Request, principal: Caller, reader: Reader) -> HTMLResponse:
    run = latest_run(reader, "communities")
    masked = not principal.sees_personal_data

    def build() -> bytes:
        rows = [mask_community(r, principal) for r in
                (reader.read("read/map_community_graph", {"run": run["id"]}) if run else [])]
        return maps.community_map_html(rows).encode()

    body = _cache.get_or_set(("communities", run["id"] if run else None, masked), build)
    if not masked:
        audit(request, principal, "personal_data.view", "map:communities")
    return HTMLResponse(body)


@router.get("/stories/{story_id}/cascade", response_class=HTMLResponse, responses={**responses(404, html=True), **HTML},
            summary="Bản đồ chuỗi lan truyền của câu chuyện theo thời gian", description=roles_doc(*ROLES))
def cascade(story_id: Annotated[str, Path(min_length=1, max_length=300)], request: Request, principal: Caller,
            reader: Reader, limit: Annotated[int, Query(ge=1, le=5000)] = 2000) -> HTMLResponse:
    data = cascade_nodes(reader, story_id, principal, limit)
    if principal.sees_personal_data:
        audit(request, principal, "personal_data.view", f"map:story:{story_id}:cascade")
    head = reader.read("read/story_detail", {"id": story_id})
    title = "Chuỗi lan truyền: " + (head[0]["story"].get("title") or story_id)[:120]
    return HTMLResponse(maps.cascade_map_html(data["nodes"], title=title))


@router.get("/accounts/{account_id}/neighbourhood", response_class=HTMLResponse,
            responses={**responses(404, html=True), **HTML},
            summary="Bản đồ lân cận của một tài khoản (ai khuếch đại, khuếch đại ai)",
            description="Dữ liệu cá nhân: ghi nhật ký kiểm toán.\n\n" + roles_doc(*ACCOUNT_ROLES))
def neighbourhood(account_id: Annotated[str, Path(min_length=1, max_length=300)], request: Request,
                  principal: AccountCaller, reader: Reader,
                  limit: Annotated[int, Query(ge=1, le=2000)] = 200) -> HTMLResponse:
    rows = reader.read("read/account_detail", {"id": account_id})
    if not rows:
        raise NotFoundError(f"không có tài khoản {account_id!r}")
    center = {**rows[0]["account"], "owned_by_outlet": rows[0]["outlet_id"] is not None}
    neigh = reader.read("read/account_neighbourhood", {"id": account_id, "limit": limit})
    audit(request, principal, "personal_data.view", f"account:{account_id}:neighbourhood")
    nodes = [{**r, "id": r["account_id"]} for r in neigh]
    edges = [{"source": r["source"], "target": r["target"], "count": r["count"]} for r in neigh]
    return HTMLResponse(maps.neighbourhood_map_html(center, nodes, edges))
