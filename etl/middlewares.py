"""Downloader middlewares: proxy routing (the sandbox), the seen-URL filter, conditional GET, and
retries with exponential backoff. Each does one thing."""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request, Spider, signals
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
    """Send ``If-None-Match``/``If-Modified-Since`` for feed requests; remember validators of 200s.

    New validators are kept in memory during the run and saved only when the crawl finishes normally: a
    crawl killed after reading a feed but before fetching what it listed must not get ``304`` for that
    feed on restart (it would never see those articles again)."""

    def __init__(self, state: StateStore) -> None:
        self.state = state
        self.fresh: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        mw = cls(get_state(crawler))
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def process_request(self, request: Request, spider: Spider | None = None):
        if request.meta.get("conditional"):
            etag, lm = self.fresh.get(request.url) or self.state.validators(request.url)
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
                self.fresh[request.url] = (etag.decode("latin-1") if etag else None,
                                           lm.decode("latin-1") if lm else None)
        return response

    def spider_closed(self, spider: Spider | None = None, reason: str | None = None) -> None:
        if reason != "finished" and reason != "schedule finished":
            log.info("crawl ended (%s): feed validators not saved, next run re-reads every feed", reason)
            return
        for url, (etag, lm) in self.fresh.items():
            self.state.save_validators(url, etag, lm, 200)


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
