"""Pieces the routers share: pagination, personal-data masking, cached pre-serialised responses, the
latest-run lookup and the documented error responses. The masking rule itself lives in :mod:`api.masking`
(re-exported here for the routers)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Annotated, Any

import orjson
from fastapi import Query
from fastapi.responses import Response
from pydantic import BaseModel

from api.auth import AUTH_RESPONSES
from api.masking import PUBLIC_ACCOUNT_KINDS, account_ref, is_personal, mask_community, mask_id, pseudonym
from graph.repository import GraphReader


class ErrorOut(BaseModel):
    detail: str
    error: str | None = None


def responses(*codes: int, html: bool = False) -> dict[int | str, dict[str, Any]]:
    """OpenAPI responses for auth errors (401/403/429) and the given extra codes (JSON bodies even on
    routes whose success is HTML: pass ``html=True`` there)."""
    texts = {400: "Yêu cầu không hợp lệ", 404: "Không tìm thấy", 409: "Xung đột",
             503: "Cơ sở dữ liệu không phản hồi"}
    all_codes = {**{k: v["description"] for k, v in AUTH_RESPONSES.items()},
                 **{c: texts.get(c, "Lỗi") for c in (*codes, 503)}}
    if html:
        body = {"application/json": {"schema": ErrorOut.model_json_schema()}}
        return {c: {"description": d, "content": body} for c, d in all_codes.items()}
    return {c: {"description": d, "model": ErrorOut} for c, d in all_codes.items()}


class Pagination:
    def __init__(
        self,
        offset: Annotated[int, Query(ge=0, le=1_000_000, description="Bỏ qua bao nhiêu mục")] = 0,
        limit: Annotated[int, Query(ge=1, le=500, description="Số mục mỗi trang")] = 50,
    ) -> None:
        self.offset = offset
        self.limit = limit


__all__ = ["PUBLIC_ACCOUNT_KINDS", "BytesCache", "ErrorOut", "Pagination", "account_ref", "is_personal",
           "json_response", "latest_run", "mask_community", "mask_id", "pseudonym", "responses"]


def json_response(data: Any, *, status_code: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status_code, media_type="application/json")


class BytesCache:
    """Small TTL cache of serialised responses (rankings answer from here in microseconds)."""

    def __init__(self, ttl_s: float, max_items: int = 2048) -> None:
        self.ttl = ttl_s
        self.max = max_items
        self._d: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_set(self, key: Hashable, make: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            hit = self._d.get(key)
            if hit is not None and hit[0] > now:
                return hit[1]
        value = make()
        with self._lock:
            self._d[key] = (now + self.ttl, value)
            self._d.move_to_end(key)
            while len(self._d) > self.max:
                self._d.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._d.clear()


_run_cache = BytesCache(5.0, 64)


def latest_run(reader: GraphReader, kind: str) -> dict[str, Any] | None:
    """The latest usable AnalysisRun of a kind (cached for a few seconds)."""
    key = (id(reader._driver), kind)  # noqa: SLF001 - one cache per driver
    rows = _run_cache.get_or_set(key, lambda: reader.read("read/latest_run", {"kind": kind}))
    if not rows:
        return None
    r = rows[0]
    return {"id": r["id"], "kind": r["kind"], "at": r["at"], "status": r["status"]}


def clear_caches() -> None:
    _run_cache.clear()
