"""The news spider: discovers articles from each source's RSS/Atom feeds, news sitemaps and section pages,
fetches the ones not stored yet, and hands pages to the pipelines. With ``schedule=True`` it keeps polling
each source on its revisit interval (in the crawl clock's time: simulated against the sandbox)."""

from __future__ import annotations

import logging
import zlib
from datetime import UTC, datetime, timedelta

import scrapy
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from twisted.internet import task

from etl.evidence import EVIDENCE_UNAVAILABLE
from etl.items import PageItem
from etl.runtime import get_clock, get_state
from etl.sources import Source
from etl.spiders.feeds import parse_feed, parse_section, parse_sitemap
from etl.urls import outlet_id, try_canonicalize

log = logging.getLogger(__name__)


def _headers(response: Response) -> dict[str, str]:
    return {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}


class NewsSpider(scrapy.Spider):
    name = "news"

    # on re-polls (``schedule``) only these feed kinds are read: they list what is new; section pages and
    # sitemap indexes are read on the first poll of a run
    REPOLL_KINDS = ("rss", "atom", "sitemap")

    def __init__(self, sources: list[dict] | None = None, schedule: bool = False, run_seconds: float = 0,
                 until: str | None = None, shard: int = 0, shards: int = 1, **kw) -> None:
        super().__init__(**kw)
        self.sources = {s["id"]: Source(**{**s, "feeds": tuple(_feed(f) for f in s["feeds"])}) for s in sources or []}
        # a distributed crawl (several processes on one scrapy-redis queue): this process polls only its share of
        # the sources, so every feed is read once per poll; the articles any feed lists go to the shared queue and
        # through the shared duplicate filter, so whichever process is free fetches each of them once. Every
        # process knows every source: a request queued by another is parsed here.
        self.shard, self.shards = int(shard), int(shards)
        if not 0 <= self.shard < self.shards:
            raise ValueError(f"shard {shard} is not in 0..{int(shards) - 1}")
        self.schedule = schedule in (True, "1", "true", "True")
        self.run_seconds = float(run_seconds or 0)
        self.until = datetime.fromisoformat(until) if until else None
        self._requested: set[str] = set()
        self._next_due: dict[str, datetime] = {}
        self._started = datetime.now(UTC)
        self._loop: task.LoopingCall | None = None
        self.stopped_reason: str | None = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.store = get_state(crawler)
        spider.clock = get_clock(crawler)
        spider.section_max_pages = crawler.settings.getint("LANTOA_SECTION_MAX_PAGES", 50)
        crawler.signals.connect(spider._idle, signal=scrapy.signals.spider_idle)
        crawler.signals.connect(spider._closed, signal=scrapy.signals.spider_closed)
        crawler.signals.connect(spider._dropped, signal=scrapy.signals.request_dropped)
        return spider

    # -- discovery ----------------------------------------------------------------------------------------
    async def start(self):
        for req in self._due_requests(force=True):
            yield req
        if self.schedule:
            self._loop = task.LoopingCall(self._tick)
            self._loop.start(0.5, now=False)

    def stop_scheduling(self, reason: str) -> None:
        """Schedule nothing new from now on (the pipelines cannot keep what would be fetched)."""
        if self.stopped_reason is None:
            self.stopped_reason = reason
            log.error("no new fetches scheduled: %s", reason)
        if self._loop and self._loop.running:
            self._loop.stop()

    def _due_requests(self, force: bool = False):
        if self.stopped_reason:
            return
        now = self.clock.now()
        for src in self.sources.values():
            if source_shard(src.id, self.shards) != self.shard:
                continue
            due = self._next_due.get(src.id)
            if not force and due and now < due:
                continue
            self._next_due[src.id] = now + timedelta(minutes=src.revisit_minutes)
            for feed in src.feeds:
                if feed.kind == "channel":  # read by the channels spider
                    continue
                if force or feed.kind in self.REPOLL_KINDS:
                    yield self._feed_request(src, feed.kind, feed.url)

    def _feed_request(self, src: Source, kind: str, url: str, page: int = 1) -> scrapy.Request:
        # feeds, sitemaps and section pages are re-read on every poll: they bypass the duplicate filter (a
        # conditional GET makes an unchanged one cheap); the articles they list go through it
        cb = {"rss": self.parse_feed, "atom": self.parse_feed, "sitemap": self.parse_sitemap,
              "sitemap_index": self.parse_sitemap, "section": self.parse_section}.get(kind, self.parse_feed)
        return scrapy.Request(url, callback=cb, errback=self.failed, dont_filter=True, priority=100,
                              meta={"source": src.id, "feed": url, "conditional": True, "page": page,
                                    "handle_httpstatus_list": [304], "polled_at": self.clock.now().isoformat()})

    def _tick(self) -> None:
        if self.stopped_reason:
            return
        if self._finished():
            self.crawler.engine.close_spider(self, "schedule finished")
            return
        for req in self._due_requests():
            self.crawler.engine.crawl(req)

    def _finished(self) -> bool:
        if self.run_seconds and (datetime.now(UTC) - self._started).total_seconds() >= self.run_seconds:
            return True
        return bool(self.until and self.clock.now() >= self.until)

    def _idle(self, spider=None) -> None:
        if self.schedule and not self._finished() and not self.stopped_reason:
            raise DontCloseSpider

    def _dropped(self, request: scrapy.Request, spider=None) -> None:
        """A listed URL that redirects to a page already requested in this run is dropped by the duplicate
        filter: remember it as an alias of that page, so incremental runs do not fetch it again."""
        redirects = request.meta.get("redirect_urls")
        if request.meta.get("article") and redirects:
            listed, final = canonical_or(redirects[0]), canonical_or(request.url)
            if listed != final:
                self.store.add_alias(listed, final, "redirects to a page fetched in the same run")

    def _closed(self, spider=None, reason=None) -> None:
        if self._loop and self._loop.running:
            self._loop.stop()

    def _article_requests(self, response: Response, urls: list[str], feed_published: dict[str, str | None]):
        if self.stopped_reason:
            return
        src = self.sources.get(response.meta["source"])
        new = 0
        for url in urls:
            if src and outlet_id(url) != src.id and src.kind != "aggregator":
                continue
            if url in self._requested or self.store.is_seen(url):
                continue
            self._requested.add(url)
            new += 1
            # through the duplicate filter (shared by every process of a distributed crawl), except a page an
            # earlier run fetched but could not keep: a persistent filter would otherwise never let it through
            retry = (self.store.failure_reason(url) or "").startswith(EVIDENCE_UNAVAILABLE)
            yield scrapy.Request(url, callback=self.parse_article, errback=self.failed, dont_filter=retry,
                                 meta={"source": response.meta["source"], "feed": response.meta["feed"],
                                       "article": True, "feed_published": feed_published.get(url)})
        self.store.record_poll(response.meta["source"], response.meta["feed"], response.meta["polled_at"],
                               response.status, new)
        response.meta["new_items"] = new

    def parse_feed(self, response: Response):
        if response.status == 304:
            self.store.record_poll(response.meta["source"], response.meta["feed"], response.meta["polled_at"], 304, 0)
            return
        listed = parse_feed(response.body, response.url)
        yield from self._article_requests(response, [x.url for x in listed], {x.url: x.published_at for x in listed})

    def parse_sitemap(self, response: Response):
        if response.status == 304:
            self.store.record_poll(response.meta["source"], response.meta["feed"], response.meta["polled_at"], 304, 0)
            return
        listed = parse_sitemap(response.body, response.url)
        src = self.sources.get(response.meta["source"])
        for x in listed:
            if x.is_sitemap and src:
                req = self._feed_request(src, "sitemap", x.url)
                req.meta["feed"] = response.meta["feed"]
                yield req
        pages = [x for x in listed if not x.is_sitemap]
        yield from self._article_requests(response, [x.url for x in pages], {x.url: x.published_at for x in pages})

    def parse_section(self, response: Response):
        if response.status == 304:
            self.store.record_poll(response.meta["source"], response.meta["feed"], response.meta["polled_at"], 304, 0)
            return
        src = self.sources.get(response.meta["source"])
        links, nxt = parse_section(response.text, response.url)
        arts = [u for u in links if src is None or src.is_article_url(u)]
        yield from self._article_requests(response, arts, {})
        page = response.meta.get("page", 1)
        if nxt and src and page < self.section_max_pages and (response.meta.get("new_items") or page == 1):
            req = self._feed_request(src, "section", nxt, page=page + 1)
            req.meta["feed"] = response.meta["feed"]
            req.meta["conditional"] = False
            yield req

    # -- articles ---------------------------------------------------------------------------------------
    def parse_article(self, response: Response):
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        if ctype and "html" not in ctype and "xml" not in ctype:
            self.store.record_failure(response.url, response.meta.get("source"), f"not HTML: {ctype}")
            return
        yield PageItem(
            url=response.request.meta.get("redirect_urls", [response.url])[0], final_url=response.url,
            status=response.status, headers=_headers(response), body=response.body,
            captured_at=datetime.now(UTC).isoformat(), detected_at=self.clock.now().isoformat(),
            source=response.meta.get("source"), feed=response.meta.get("feed"), content_type=ctype,
        )

    def failed(self, failure):
        req = failure.request
        reason = failure.getErrorMessage() or failure.type.__name__
        resp = getattr(failure.value, "response", None)
        if resp is not None:
            reason = f"HTTP {resp.status}"
        self.store.record_failure(req.url, req.meta.get("source"), f"{failure.type.__name__}: {reason}")
        log.warning("skipped %s: %s", req.url, reason)


def source_shard(source_id: str, shards: int) -> int:
    """The process (of ``shards``) that polls a source: a stable hash, the same in every process and run."""
    return zlib.crc32(source_id.encode("utf-8")) % shards if shards > 1 else 0


def _feed(f):
    from etl.sources import Feed

    return f if isinstance(f, Feed) else Feed(**f)


def canonical_or(url: str) -> str:
    return try_canonicalize(url) or url
