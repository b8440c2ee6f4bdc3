"""Downloader middlewares: proxy routing (the sandbox), the seen-URL filter, conditional GET, and
retries with exponential backoff. Each does one thing."""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from etl.runtime import get_state
from etl.state import StateStore
from etl.urls import try_canonicalize

log = logging.getLogger(__name__)


class ProxyMiddleware:
    """Send every request (robots.txt included) through ``LANTOA_PROXY`` when set."""

    def __init__(self, proxy: str | None) -> None:
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProxyMiddleware:
        return cls(crawler.settings.get("LANTOA_PROXY"))

    def process_request(self, request: Request, spider: Spider | None = None):
        if self.proxy and "proxy" not in request.meta:
            request.meta["proxy"] = self.proxy
        return None


class SeenUrlMiddleware:
    """Skip article requests whose canonical URL is already stored (e.g. re-queued by a resumed JOBDIR)."""

    def __init__(self, state: StateStore) -> None:
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenUrlMiddleware:
        return cls(get_state(crawler))

    def process_request(self, request: Request, spider: Spider | None = None):
        if request.meta.get("article") and not request.meta.get("revisit"):
            c = try_canonicalize(request.url)
            if c and self.state.is_seen(c):
                raise IgnoreRequest(f"already stored: {c}")
        return None


class ConditionalGetMiddleware:
    """Send ``If-None-Match``/``If-Modified-Since`` for feed requests; remember validators of 200s."""

    def __init__(self, state: StateStore) -> None:
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        return cls(get_state(crawler))

    def process_request(self, request: Request, spider: Spider | None = None):
        if request.meta.get("conditional"):
            etag, lm = self.state.validators(request.url)
            if etag:
                request.headers.setdefault(b"If-None-Match", etag.encode())
            if lm:
                request.headers.setdefault(b"If-Modified-Since", lm.encode())
        return None

    def process_response(self, request: Request, response: Response, spider: Spider | None = None):
        if request.meta.get("conditional") and response.status == 200:
            etag = response.headers.get(b"ETag")
            lm = response.headers.get(b"Last-Modified")
            if etag or lm:
                self.state.save_validators(request.url, etag.decode("latin-1") if etag else None,
                                           lm.decode("latin-1") if lm else None, response.status)
        return response


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry policy, waiting ``backoff * 2**n`` seconds before the n-th retry."""

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.backoff = settings.getfloat("LANTOA_RETRY_BACKOFF", 0.5)

    async def process_response(self, request: Request, response: Response, spider: Spider | None = None):
        result = super().process_response(request, response)
        if isinstance(result, Request):
            n = result.meta.get("retry_times", 1)
            await asyncio.sleep(self.backoff * 2 ** (n - 1))
        return result
