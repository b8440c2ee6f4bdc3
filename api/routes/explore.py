"""The investigator's map (issue 17): the page ``/trang/ban-do`` and the JSON it re-queries — filtered network
(time window, platform, 2025 unit with its former units, topic, community, story, influence), with the time each
account and amplification first happened for the page's time slider (in the story when one is chosen: its cascade),
search to centre on (accounts, outlets, persons, places), neighbourhood expansion, amplification paths with their
evidence, and exports (CSV, GEXF, GraphML). Every account goes through :mod:`api.masking`; exports are audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader
from api.masking import account_ref, is_personal, mask_community, mask_id, pseudonym
from api.routes.common import json_response, latest_run, responses
from api.routes.stories import list_stories
from common.errors import NotFoundError, ValidationError
from graph.analytics.paths import amplification_path
from nlp.gazetteer import places as gazetteer_places
from nlp.topics import labels as topic_labels
from viz import explore, graph_export
from viz.maps import script_json

router = APIRouter(prefix="/maps/explore", tags=["maps"])
page_router = APIRouter(include_in_schema=False)

ROLES = (Role.ANALYST, Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON)
Caller = Annotated[Principal, Depends(require_roles(*ROLES))]
Id = Annotated[str | None, Query(max_length=300)]
PATH_MAX_EDGES = 200_000


class Filters:
    """The map's controls, as query parameters shared by the data, export and page routes."""

    def __init__(self,
                 window_hours: Annotated[int | None, Query(ge=1, le=24 * 366, description="chỉ tài khoản có bài "
                                                           "đăng trong bấy nhiêu giờ qua")] = None,
                 platform: Annotated[str | None, Query(max_length=40)] = None,
                 community_id: Id = None, story_id: Id = None,
                 place_id: Annotated[str | None, Query(max_length=300, description="đơn vị hành chính (2025); "
                                                       "gồm cả các đơn vị cũ nhập vào và địa danh trực thuộc")] = None,
                 topic: Annotated[str | None, Query(max_length=60, description="chủ đề (mã trong "
                                                    "nlp/data/topics.yaml)")] = None,
                 min_pagerank: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
                 limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> None:
        self.window_hours, self.platform, self.community_id = window_hours, platform or None, community_id or None
        self.story_id, self.place_id, self.min_pagerank, self.limit = story_id or None, place_id or None, \
            min_pagerank, limit
        self.topic = topic or None

    def params(self) -> dict[str, Any]:
        since = (datetime.now(UTC) - timedelta(hours=self.window_hours)).isoformat() if self.window_hours else None
        return {"since": since, "until": None, "platform": self.platform, "story_id": self.story_id,
                "place_id": self.place_id, "topic": self.topic, "min_pagerank": self.min_pagerank}

    def describe(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


MapFilters = Annotated[Filters, Depends()]


def _ref(row: dict[str, Any], principal: Principal) -> dict[str, Any]:
    return {**account_ref(row, principal), "pagerank": row.get("pagerank")}


def community_labels(reader, principal: Principal) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """What each community of the latest run is (its label from its members, masked), and the masked rows."""
    run = latest_run(reader, "communities")
    if not run:
        return {}, []
    rows = [mask_community(r, principal) for r in reader.read("read/map_community_graph", {"run": run["id"]})]
    return {r["id"]: r.get("label") for r in rows}, rows


def _resolve(reader, shown_id: str, principal: Principal) -> str:
    """The real account id behind an id shown on the map (a pseudonym for masked callers)."""
    if not shown_id.startswith("an-danh:"):
        return shown_id
    for r in reader.read("read/explore_accounts", {**Filters(limit=5000).params(), "community_id": None,
                                                    "limit": 100_000}):
        if pseudonym(r["id"]) == shown_id:
            return r["id"]
    raise NotFoundError(f"không có tài khoản {shown_id!r}")


def build_view(reader, principal: Principal, f: Filters, *, aggregate_above: int = explore.AGGREGATE_ABOVE,
               highlight: list[str] | None = None) -> dict[str, Any]:
    """The map for the filters: accounts, or communities when more than ``aggregate_above`` accounts match."""
    labels, comm_rows = community_labels(reader, principal)
    params = f.params()
    counts = {r["community_id"]: r["accounts"] for r in reader.read("read/explore_community_counts", params)}
    total = counts.get(f.community_id, 0) if f.community_id else sum(counts.values())
    if f.community_id is None and total > aggregate_above and comm_rows:
        view = explore.community_view(comm_rows, counts)
    else:
        rows = reader.read("read/explore_accounts", {**params, "community_id": f.community_id, "limit": f.limit})
        accounts = [_ref(r, principal) for r in rows]
        shown = {r["id"]: a["id"] for r, a in zip(rows, accounts, strict=True)}
        edges = reader.read("read/map_edges", {"ids": list(shown), "max_edges": min(15_000, 3 * len(rows))}) \
            if rows else []
        edges = [{"source": shown[e["source"]], "target": shown[e["target"]], "count": e["count"]} for e in edges]
        scope = {"ids": list(shown), "story_id": f.story_id, "since": params["since"], "until": params["until"]}
        node_ms = {shown[r["id"]]: r["first_ms"] for r in reader.read("read/explore_account_times", scope)} \
            if rows else {}
        hops = reader.read("read/explore_edge_times", scope) if rows else []
        edge_ms = {(shown[h["source"]], shown[h["target"]]): h["first_ms"] for h in hops}
        if f.story_id:  # the story's own cascade: who shared or answered whom in it, even without AMPLIFIES
            have = {(e["source"], e["target"]) for e in edges}
            edges += [{"source": shown[h["source"]], "target": shown[h["target"]], "count": h["count"]}
                      for h in hops if (shown[h["source"]], shown[h["target"]]) not in have]
        view = explore.account_view(accounts, edges, community_labels=labels, highlight=highlight or [])
        view = explore.timeline(view, node_ms, edge_ms, scope="story" if f.story_id else "network")
    view["total"] = total
    view["filters"] = f.describe()
    return view


@router.get("/data", responses=responses(), summary="Dữ liệu bản đồ mạng theo bộ lọc (JSON cho trang Bản đồ mạng)",
            description="Trên ngưỡng tài khoản khớp bộ lọc (không chọn cộng đồng): gộp theo cộng đồng. Bản đồ tài "
                        "khoản kèm thời điểm xuất hiện `t` (epoch ms) của mỗi nút (bài đầu tiên, trong câu chuyện "
                        "nếu chọn) và mỗi cạnh (lần chia sẻ/trả lời đầu tiên), và `timeline.frames` cho thanh "
                        "thời gian.\n\n"
                        + roles_doc(*ROLES))
def data(request: Request, principal: Caller, reader: Reader, f: MapFilters,
         aggregate_above: Annotated[int, Query(ge=1, le=100_000)] = explore.AGGREGATE_ABOVE) -> Response:
    view = build_view(reader, principal, f, aggregate_above=aggregate_above)
    if principal.sees_personal_data:
        audit(request, principal, "personal_data.view", "map:explore", f.describe())
    return json_response(view)


@router.get("/search", responses=responses(), summary="Tìm tài khoản, cơ quan báo chí, người, địa danh để căn giữa bản đồ",
            description=roles_doc(*ROLES))
def search(request: Request, principal: Caller, reader: Reader,
           q: Annotated[str, Query(min_length=2, max_length=100)],
           limit: Annotated[int, Query(ge=1, le=50)] = 20) -> Response:
    out, personal = [], False
    for r in reader.read("read/explore_search", {"q": q, "limit": limit}):
        if r["kind"] == "account":
            ref = account_ref({**r, "kind": r["account_kind"]}, principal)
            if ref["masked"] and q.casefold() not in ref["id"].casefold():
                continue  # a masked person is not findable by the name the caller may not see
            personal = personal or (not ref["masked"] and is_personal({**r, "kind": r["account_kind"]}))
            out.append({"kind": "account", "id": ref["id"], "name": ref["name"] or ref["handle"] or ref["id"],
                        "community_id": r["community_id"]})
        else:
            out.append({"kind": r["kind"], "id": r["id"], "name": r["name"] or r["id"]})
    if personal:
        audit(request, principal, "personal_data.view", "map:search", {"q": q})
    return json_response({"items": out})


@router.get("/outlet-accounts", responses=responses(), summary="Tài khoản của một cơ quan báo chí (để căn giữa)",
            description=roles_doc(*ROLES))
def outlet_accounts(principal: Caller, reader: Reader, id: Annotated[str, Query(max_length=300)]) -> Response:  # noqa: A002
    return json_response({"ids": [r["id"] for r in reader.read("read/explore_outlet_accounts", {"id": id})]})


@router.get("/person-accounts", responses=responses(), summary="Tài khoản có bài nhắc tới một người (để căn giữa)",
            description=roles_doc(*ROLES))
def person_accounts(request: Request, principal: Caller, reader: Reader,
                    id: Annotated[str, Query(max_length=300)]) -> Response:  # noqa: A002
    rows = reader.read("read/explore_person_accounts", {"id": id, "limit": 50})
    refs = [account_ref(r, principal) for r in rows]
    if principal.sees_personal_data and any(is_personal(r) for r in rows):
        audit(request, principal, "personal_data.view", f"map:person:{id}:accounts")
    return json_response({"ids": [a["id"] for a in refs], "mentions": [r["mentions"] for r in rows]})


@router.get("/neighbourhood", responses=responses(404), summary="Mở rộng lân cận của một nút trên bản đồ",
            description=roles_doc(*ROLES))
def neighbourhood(request: Request, principal: Caller, reader: Reader, id: Annotated[str, Query(max_length=300)],  # noqa: A002
                  limit: Annotated[int, Query(ge=1, le=500)] = 60) -> Response:
    real = _resolve(reader, id, principal)
    centre = reader.read("read/explore_accounts_by_id", {"ids": [real]})
    if not centre:
        raise NotFoundError(f"không có tài khoản {id!r}")
    neigh = reader.read("read/account_neighbourhood", {"id": real, "limit": limit})
    rows = centre + [{**r, "id": r["account_id"]} for r in neigh]
    accounts, shown = [], {}
    for r in rows:
        if r["id"] not in shown:
            a = _ref(r, principal)
            shown[r["id"]] = a["id"]
            accounts.append(a)
    edges = [{"source": shown[r["source"]], "target": shown[r["target"]], "count": r["count"]} for r in neigh]
    labels, _ = community_labels(reader, principal)
    view = explore.account_view(accounts, edges, community_labels=labels, highlight=[shown[real]])
    if principal.sees_personal_data:
        audit(request, principal, "personal_data.view", f"account:{real}:neighbourhood")
    return json_response(view)


@router.get("/path", responses=responses(404, 422),
            summary="Đường khuếch đại: câu chuyện đến tài khoản thế nào / ai nối hai cộng đồng",
            description="Nguồn: tài khoản khởi phát của câu chuyện (`story_id`) hoặc cộng đồng `from_community`; "
                        "đích: tài khoản `to_account` hoặc cộng đồng `to_community`. Ít bước nhất, hoặc mạnh nhất "
                        "(`strongest`). Mỗi bước kèm các bài đăng làm bằng chứng.\n\n" + roles_doc(*ROLES))
def path(request: Request, principal: Caller, reader: Reader, story_id: Id = None, from_community: Id = None,
         to_account: Id = None, to_community: Id = None, strongest: bool = False) -> Response:
    if bool(story_id) == bool(from_community) or bool(to_account) == bool(to_community):
        raise ValidationError("cần đúng một nguồn (story_id hoặc from_community) và một đích "
                              "(to_account hoặc to_community)")
    rows = reader.read("read/explore_amplification_edges", {"max_edges": PATH_MAX_EDGES})
    edges = [(r["source"], r["target"], r["count"]) for r in rows]
    if story_id:
        head = reader.read("read/explore_story_origin", {"id": story_id})
        if not head:
            raise NotFoundError(f"không có câu chuyện {story_id!r}")
        sources = [x for x in [head[0]["origin_account"], *head[0]["earliest"]] if x]
    else:
        sources = sorted({r["source"] for r in rows if r["source_community"] == from_community}
                         | {r["target"] for r in rows if r["target_community"] == from_community})
    if to_account:
        targets = [_resolve(reader, to_account, principal)]
    else:
        targets = sorted({r["source"] for r in rows if r["source_community"] == to_community}
                         | {r["target"] for r in rows if r["target_community"] == to_community})
    hops = amplification_path(edges, sources, targets, strongest=strongest)
    ids = sorted({x for h in hops or [] for x in h[:2]} | ({targets[0]} if to_account else set()))
    refs = {r["id"]: r for r in reader.read("read/explore_accounts_by_id", {"ids": ids})} if ids else {}
    shown = {i: (_ref(refs[i], principal) if i in refs else {"id": pseudonym(i), "masked": True}) for i in ids}
    out_hops = []
    for u, v, count in hops or []:
        ev = reader.read("read/explore_hop_evidence", {"source": v, "target": u, "story_id": story_id, "limit": 5})
        in_story = bool(ev) and story_id is not None
        if not ev and story_id:  # the hop was made in other stories: show that evidence, marked so
            ev = reader.read("read/explore_hop_evidence", {"source": v, "target": u, "story_id": None, "limit": 5})
        personal = shown[v].get("masked", False)
        out_hops.append({"from": shown[u]["id"], "to": shown[v]["id"], "count": count, "in_story": in_story,
                         "evidence": [
            {"post_id": mask_id(e["post_id"], personal, principal), "created_at": e["created_at"], "how": e["how"],
             "parent_id": mask_id(e["parent_id"], shown[u].get("masked", False), principal),
             "url": None if personal and not principal.sees_personal_data else e["url"],
             "text": None if personal and not principal.sees_personal_data else e["text"]} for e in ev]})
    accounts = [shown[i] for i in ids if i in refs]
    labels, _ = community_labels(reader, principal)
    view = explore.account_view(accounts, [{"source": h["to"], "target": h["from"], "count": h["count"]}
                                           for h in out_hops], community_labels=labels,
                                highlight=[a["id"] for a in accounts])
    audit(request, principal, "map.path", f"path:{story_id or from_community}->{to_account or to_community}",
          {"found": hops is not None, "hops": len(hops or [])})
    return json_response({"found": hops is not None, "strongest": strongest, "hops": out_hops, "view": view})


class ExportFormat(StrEnum):
    csv = "csv"
    gexf = "gexf"
    graphml = "graphml"


@router.get("/export", responses={**responses(), 200: {"content": {"application/zip": {}, "application/xml": {}},
                                                        "description": "Tệp xuất"}},
            summary="Xuất bản đồ đang xem: CSV (nút, cạnh), GEXF, GraphML (Gephi); che theo vai trò, ghi kiểm toán",
            description=roles_doc(*ROLES))
def export(request: Request, principal: Caller, reader: Reader, f: MapFilters,
           format: ExportFormat = ExportFormat.csv,  # noqa: A002
           aggregate_above: Annotated[int, Query(ge=1, le=100_000)] = explore.AGGREGATE_ABOVE) -> Response:
    view = build_view(reader, principal, f, aggregate_above=aggregate_above)
    nodes, edges = explore.export_tables(view)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    if format is ExportFormat.csv:
        body, media, ext = graph_export.to_csv_zip(nodes, edges), "application/zip", "zip"
    elif format is ExportFormat.gexf:
        body, media, ext = graph_export.to_gexf(nodes, edges, title="Bản đồ mạng Lan Tỏa").encode(), \
            "application/xml", "gexf"
    else:
        body, media, ext = graph_export.to_graphml(nodes, edges).encode(), "application/xml", "graphml"
    audit(request, principal, "map.export", "map:explore",
          {"format": format.value, "nodes": len(nodes), "edges": len(edges), "masked": not principal.sees_personal_data,
           "filters": f.describe()})
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="lantoa-ban-do-{stamp}.{ext}"',
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


@page_router.get("/trang/ban-do", response_class=HTMLResponse)
def map_page(request: Request, reader: Reader) -> Response:
    from api.auth import PERSONAL_DATA_ROLES
    from api.routes.pages import _guard, _html

    who = _guard(request, ROLES)
    if isinstance(who, Response):
        return who
    labels, rows = community_labels(reader, who)
    stories = list_stories(reader, sort="recent", limit=100)["items"]
    config = {
        "communities": [{"id": r["id"], "label": explore.community_names(labels, [r["id"]])[r["id"]]
                         if labels.get(r["id"]) else f"Cộng đồng {i + 1}"} for i, r in enumerate(rows)],
        "stories": [{"id": s["id"], "title": (s.get("title") or s["id"])[:100]} for s in stories],
        "platforms": [r["platform"] for r in reader.read("read/explore_platforms", {})],
        "places": [{"id": u["id"], "label": u["label"]} for u in explore.unit_options(gazetteer_places())],
        "topics": explore.topic_options(topic_labels()),
        "accountPages": who.has_any(tuple(PERSONAL_DATA_ROLES)) and who.sees_personal_data,
    }
    return _html("explore.html", principal=who, config_json=script_json(config), **explore.page_assets())
