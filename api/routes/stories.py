"""Stories (cascades): list and search, detail, cascade, origin, amplifiers — from stored analysis results."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader
from api.routes.common import BytesCache, Pagination, account_ref, is_personal, mask_id, responses
from api.schemas import AmplifierPage, Cascade, StoryDetail, StoryOrigin, StoryPage
from common.errors import NotFoundError
from graph.repository import GraphReader

router = APIRouter(prefix="/stories", tags=["stories"])

READ_ROLES = (Role.ANALYST, Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON, Role.PRESS_OFFICER)
TRACE_ROLES = (Role.ANALYST, Role.INVESTIGATOR, Role.INSPECTOR, Role.POLICE_LIAISON)
Reader_ = Annotated[Principal, Depends(require_roles(*READ_ROLES))]
Tracer = Annotated[Principal, Depends(require_roles(*TRACE_ROLES))]
StoryId = Annotated[str, Path(min_length=1, max_length=300, description="Story.id")]

_list_cache = BytesCache(10.0)
# stored analysis results change once per run: serialised answers are kept briefly, per masking level
_story_cache = BytesCache(30.0, 4096)

SUMMARY_KEYS = ("id", "title", "first_seen_at", "last_seen_at", "status", "size", "depth", "virality",
                "speed_per_hour", "reach", "sentiment", "sentiment_score", "negative_share", "crisis_level",
                "handling", "origin_confidence")


class Sort(StrEnum):
    RECENT = "recent"
    SPEED = "speed"
    SIZE = "size"
    CRISIS = "crisis"
    NEGATIVE = "negative"


class Sentiment(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


def list_stories(reader: GraphReader, *, q: str | None = None, status: str | None = None,
                 sentiment: str | None = None, min_crisis: int | None = None, since_hours: int | None = None,
                 sort: str = "recent", offset: int = 0, limit: int = 50,
                 now: datetime | None = None) -> dict[str, Any]:
    """One page of stories (plain dicts; pages and the API both use it). ``since_hours`` counts back from
    ``now`` (default: the current time)."""
    since = ((now or datetime.now(UTC)) - timedelta(hours=since_hours)).isoformat() if since_hours else None
    flt = {"q": q or None, "status": status, "sentiment": sentiment, "min_crisis": min_crisis, "since": since}
    total = reader.read("read/stories_count", flt)[0]["total"]
    rows = reader.read("read/stories_page", {**flt, "sort": sort, "skip": offset, "limit": limit}) if total else []
    return {"total": total, "offset": offset, "limit": limit, "items": rows}


@router.get("", response_model=StoryPage, responses=responses(),
            summary="Danh sách và tìm kiếm câu chuyện",
            description="Lọc theo tiêu đề, trạng thái, sắc thái, mức khủng hoảng tối thiểu, thời gian; sắp xếp theo "
                        "mới nhất, tốc độ, quy mô, mức khủng hoảng hoặc tỷ lệ tiêu cực.\n\n" + roles_doc(*READ_ROLES))
def stories(
    principal: Reader_,
    reader: Reader,
    page: Annotated[Pagination, Depends()],
    q: Annotated[str | None, Query(max_length=200, description="Chữ trong tiêu đề")] = None,
    status: Annotated[str | None, Query(max_length=30)] = None,
    sentiment: Sentiment | None = None,
    min_crisis: Annotated[int | None, Query(ge=0, le=4)] = None,
    since_hours: Annotated[int | None, Query(ge=1, le=24 * 366)] = None,
    sort: Sort = Sort.RECENT,
) -> Response:
    key = (q, status, sentiment, min_crisis, since_hours, sort, page.offset, page.limit)
    body = _list_cache.get_or_set(key, lambda: orjson.dumps(list_stories(
        reader, q=q, status=status, sentiment=sentiment.value if sentiment else None, min_crisis=min_crisis,
        since_hours=since_hours, sort=sort.value, offset=page.offset, limit=page.limit)))
    return Response(body, media_type="application/json")


def _json_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    try:
        out = json.loads(value)
    except (TypeError, ValueError):
        return []
    return out if isinstance(out, list) else []


def story_detail(reader: GraphReader, story_id: str, principal: Principal) -> dict[str, Any]:
    rows = reader.read("read/story_detail", {"id": story_id})
    if not rows:
        raise NotFoundError(f"không có câu chuyện {story_id!r}")
    r = rows[0]
    s = {k: (v.iso_format() if hasattr(v, "iso_format") else v) for k, v in r["story"].items()}
    # the stored label and signed score (common.sentiment); an older graph's number in `sentiment` is no label
    if not isinstance(s.get("sentiment"), str):
        s["sentiment"] = None
    out = {k: s.get(k) for k in SUMMARY_KEYS}
    for k in ("breadth", "items_per_hour", "time_to_10_s", "time_to_100_s", "time_to_1000_s",
              "handling_decided_by", "handling_decided_at", "kind", "merged_from"):
        out[k] = s.get(k)
    out["event_places"] = list(s.get("event_places") or [])
    out["event_topics"] = list(s.get("event_topics") or [])
    out["crisis_reasons"] = [str(x) for x in s.get("crisis_reasons") or []]
    out["handling_reasons"] = [str(x) for x in s.get("handling_reasons") or []]
    out["growth"] = [[float(x) for x in p] for p in _json_list(s.get("growth")) if isinstance(p, list)]
    out["n_articles"], out["n_posts"] = r["n_articles"], r["n_posts"]
    out["run"] = s.get("cascade_run")
    out["origin"] = _origin(story_id, s, r["origin_post"], r["origin_article"], principal)
    return out


def _origin(story_id: str, s: dict, post: dict | None, article: dict | None, principal: Principal) -> dict:
    item = None
    if article:
        item = {k: article.get(k) for k in ("id", "kind", "url", "title", "published_at", "detected_at",
                                            "outlet_id", "outlet_name", "evidence_sha256", "capture_id",
                                            "captured_at")}
    elif post:
        acc = account_ref({"id": post["account_id"], "name": post["account_name"], "handle": post["account_handle"],
                           "kind": post["account_kind"], "followers": post["followers"],
                           "owned_by_outlet": post["owned_by_outlet"]}, principal)
        personal = acc is not None and acc["masked"]
        item = {"id": post["id"], "kind": "post", "url": None if personal else post["url"],
                "text": post["text"], "created_at": post["created_at"], "account": acc}
        if personal:
            item["id"] = "an-danh"
    candidates = [c for c in _json_list(s.get("origin_candidates")) if isinstance(c, dict)]
    if not principal.sees_personal_data:
        candidates = [{k: v for k, v in c.items() if k not in ("account", "id")} for c in candidates]
    unobserved = s.get("origin_unobserved")
    return {"story_id": story_id, "origin": item, "confidence": s.get("origin_confidence"),
            "probably_unobserved": bool(unobserved) if unobserved is not None else None,
            "reasons": [str(x) for x in s.get("origin_reasons") or []], "candidates": candidates}


@router.get("/{story_id}", response_model=StoryDetail, responses=responses(404),
            summary="Chi tiết câu chuyện: chỉ số lan truyền, mức khủng hoảng, đề xuất xử lý, nguồn gốc",
            description=roles_doc(*READ_ROLES))
def story(story_id: StoryId, request: Request, principal: Reader_, reader: Reader) -> Response:
    def build() -> tuple[bytes, bool]:
        detail = story_detail(reader, story_id, principal)
        acc = ((detail["origin"] or {}).get("origin") or {}).get("account")
        return orjson.dumps(detail), bool(acc and is_personal(acc))

    body, names_a_person = _story_cache.get_or_set(("detail", story_id, principal.sees_personal_data), build)
    if names_a_person and principal.sees_personal_data:
        audit(request, principal, "personal_data.view", f"story:{story_id}")
    return Response(body, media_type="application/json")


@router.get("/{story_id}/origin", response_model=StoryOrigin, responses=responses(404),
            summary="Nguồn gốc đã truy vết của câu chuyện và bằng chứng",
            description="Xem bằng chứng được ghi vào nhật ký kiểm toán.\n\n" + roles_doc(*TRACE_ROLES))
def origin(story_id: StoryId, request: Request, principal: Tracer, reader: Reader) -> dict:
    detail = story_detail(reader, story_id, principal)
    audit(request, principal, "evidence.view", f"story:{story_id}:origin")
    return detail["origin"]


def cascade_nodes(reader: GraphReader, story_id: str, principal: Principal, limit: int) -> dict[str, Any]:
    if not reader.read("read/story_detail", {"id": story_id}):
        raise NotFoundError(f"không có câu chuyện {story_id!r}")
    rows = reader.read("read/story_items", {"id": story_id, "limit": limit + 1})
    truncated = len(rows) > limit
    rows = rows[:limit]
    personal_items = {r["id"] for r in rows if r["kind"] == "post" and r["account_id"]
                      and is_personal(r, "account_") and not principal.sees_personal_data}
    nodes = []
    for r in rows:
        personal = r["id"] in personal_items
        nodes.append({
            "id": mask_id(r["id"], personal, principal), "kind": r["kind"], "at": r["at"], "title": r["title"],
            "url": None if personal else r["url"], "sentiment": r["sentiment"], "shares": r["shares"] or 0,
            "likes": r["likes"] or 0,
            "account": account_ref(r, principal, prefix="account_", id_key="account_id"),
            "outlet_id": r["outlet_id"], "outlet_name": r["outlet_name"],
            "parent_id": mask_id(r["parent_id"], r["parent_id"] in personal_items, principal),
            "parent_how": r["parent_how"],
        })
    return {"story_id": story_id, "truncated": truncated, "nodes": nodes}


@router.get("/{story_id}/cascade", response_model=Cascade, responses=responses(404),
            summary="Chuỗi lan truyền của câu chuyện (các mục theo thời gian và mục cha)",
            description=roles_doc(*TRACE_ROLES))
def cascade(story_id: StoryId, request: Request, principal: Tracer, reader: Reader,
            limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> Response:
    # serialised straight to bytes: validating thousands of nodes through pydantic costs more than the query
    body = _story_cache.get_or_set(("cascade", story_id, limit, principal.sees_personal_data),
                                   lambda: orjson.dumps(cascade_nodes(reader, story_id, principal, limit)))
    if principal.sees_personal_data:
        audit(request, principal, "personal_data.view", f"story:{story_id}:cascade")
    return Response(body, media_type="application/json")


@router.get("/{story_id}/amplifiers", response_model=AmplifierPage, responses=responses(404),
            summary="Tài khoản khuếch đại câu chuyện mạnh nhất",
            description="Tên cá nhân được ẩn danh với vai trò không được xem dữ liệu cá nhân; "
                        "xem có tên được ghi nhật ký.\n\n" + roles_doc(*TRACE_ROLES))
def amplifiers(story_id: StoryId, request: Request, principal: Tracer, reader: Reader,
               page: Annotated[Pagination, Depends()]) -> Response:
    def build() -> bytes:
        if not reader.read("read/story_detail", {"id": story_id}):
            raise NotFoundError(f"không có câu chuyện {story_id!r}")
        rows = reader.read("read/story_amplifiers", {"id": story_id, "skip": page.offset, "limit": page.limit})
        items = [{"account": account_ref(r, principal, id_key="account_id"), "posts": r["posts"],
                  "engagement": r["engagement"], "first_at": r["first_at"], "is_origin": bool(r["is_origin"]),
                  "pagerank": r["pagerank"]} for r in rows]
        total = reader.read("read/story_amplifiers_count", {"id": story_id})[0]["total"]
        return orjson.dumps({"story_id": story_id, "total": total, "offset": page.offset, "limit": page.limit,
                             "items": items})

    body = _story_cache.get_or_set(("amplifiers", story_id, page.offset, page.limit, principal.sees_personal_data),
                                   build)
    if principal.sees_personal_data:
        audit(request, principal, "personal_data.view", f"story:{story_id}:amplifiers")
    return Response(body, media_type="application/json")


def clear_cache() -> None:
    _list_cache.clear()
    _story_cache.clear()
