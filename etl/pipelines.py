"""Item pipelines. Each stage does one thing and returns the item or raises ``DropItem``; the order lives
only in ``ITEM_PIPELINES`` (etl/settings.py): evidence → extract → dedupe → relevance → near-duplicates →
graph (batched writes, spooled to disk while Neo4j is away)."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from twisted.internet import task

from etl import relevance
from etl.evidence import EVIDENCE_UNAVAILABLE
from etl.extraction.article import extract_article
from etl.extraction.bylines import journalist_id
from etl.items import PageItem, SocialItem
from etl.runtime import get_evidence, get_state
from etl.spool import Spool
from etl.state import ItemRow, StateStore
from etl.urls import outlet_id, try_canonicalize
from graph.analytics.lsh import LshIndex
from nlp.fingerprint import fingerprint, is_current

log = logging.getLogger(__name__)


class EvidencePipeline:
    """Store the raw page (gzip, content-addressed, SHA-256, capture metadata).

    A page that cannot be kept as evidence (a full or failing disk) is not processed further: it is dropped,
    recorded as a failure (so a later run fetches it again, even past a persistent duplicate filter) and never
    marked seen. The first such failure stops the crawl (``evidence_store_unavailable``): fetching pages that
    cannot be kept only wastes the outlets' bandwidth and loses the pages."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store = get_evidence(crawler)
        self.unavailable: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EvidencePipeline:
        return cls(crawler)

    def process_item(self, item, spider: Spider | None = None):
        from common.errors import EvidenceError

        if isinstance(item, SocialItem):
            return item
        try:
            cap = self.store.store(item.body, url=item.url, final_url=item.final_url, status=item.status,
                                   headers=item.headers, captured_at=datetime.fromisoformat(item.captured_at))
        except EvidenceError as e:
            self._stop_crawl(str(e))
            try:
                get_state(self.crawler).record_failure(item.url, item.source, f"{EVIDENCE_UNAVAILABLE}: {e}")
            except Exception as se:  # noqa: BLE001 - the state disk may be full too; the page is unseen anyway
                log.error("could not record the failure of %s: %s", item.url, se)
            raise DropItem(f"not kept, evidence store unavailable: {item.url}") from e
        item.capture = cap.to_dict()
        return item

    def _stop_crawl(self, error: str) -> None:
        if self.unavailable is not None:
            return
        self.unavailable = error
        log.error("evidence store unavailable (%s): stopping the crawl; pages not stored will be fetched again "
                  "by the next run", error)
        spider = self.crawler.spider
        stop = getattr(spider, "stop_scheduling", None)
        if stop is not None:
            stop(EVIDENCE_UNAVAILABLE)
        if self.crawler.engine is not None and spider is not None:
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(self.crawler.engine.close_spider_async(reason=EVIDENCE_UNAVAILABLE))


class ExtractPipeline:
    """HTML → article record (pure extraction); pages with neither title nor text are dropped. The names of the
    registered outlets (``LANTOA_KNOWN_OUTLET_NAMES``) tell a closing "Theo <outlet>" from a writer's byline."""

    def __init__(self, known_sources: list[str] | None = None) -> None:
        self.known_sources = tuple(known_sources or ())

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler.settings.getlist("LANTOA_KNOWN_OUTLET_NAMES"))

    def process_item(self, item, spider: Spider | None = None):
        if isinstance(item, SocialItem):
            return item
        rec = extract_article(item.body, item.final_url, captured_at=datetime.fromisoformat(item.detected_at),
                              content_type=item.content_type, known_sources=self.known_sources)
        for w in rec.warnings:
            if "encoding" in w or "unparseable" in w or "future" in w:
                log.warning("%s: %s", item.final_url, w)
        if not rec.title or not rec.text:
            raise DropItem(f"not an article ({'; '.join(rec.warnings) or 'no title/text'}): {item.final_url}")
        item.record = rec.to_dict()
        return item


class DedupePipeline:
    """Drop what is already stored: the same canonical URL with the same content, or the same content
    under another URL (recorded as an alias so it is not fetched again)."""

    def __init__(self, state: StateStore) -> None:
        self.state = state
        self._this_run: dict[str, str] = {}
        self._hashes: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        return cls(get_state(crawler))

    def process_item(self, item, spider: Spider | None = None):
        if isinstance(item, SocialItem):
            return item
        rec = item.record
        url, h = rec["canonical_url"], rec["content_hash"]
        if url in self._this_run:
            raise DropItem(f"duplicate in this crawl: {url}")
        stored = self.state.hash_for_url(url)
        if stored is not None and stored == h:
            raise DropItem(f"unchanged since last crawl: {url}")
        other = self._hashes.get(h) or self.state.url_for_hash(h)
        if other and other != url and outlet_id(other) == outlet_id(url):
            # the same page of one outlet under two URLs; copies across outlets are kept (COPIES)
            self.state.add_alias(url, other, "same content")
            raise DropItem(f"same content as {other}: {url}")
        self._this_run[url] = h
        self._hashes[h] = url
        return item


class RelevancePipeline:
    """Decide whether the article concerns the province and keep the decision with its reasons."""

    def __init__(self, threshold: float | None, keep_irrelevant: bool, state: StateStore) -> None:
        self.threshold = threshold
        self.keep_irrelevant = keep_irrelevant
        self.state = state

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RelevancePipeline:
        s = crawler.settings
        t = s.get("LANTOA_RELEVANCE_THRESHOLD")
        return cls(None if t is None else float(t), s.getbool("LANTOA_STORE_IRRELEVANT", True),
                   get_state(crawler))

    def process_item(self, item, spider: Spider | None = None):
        if isinstance(item, SocialItem):
            return item
        rec = item.record
        d = relevance.assess(rec["title"], rec["lead"], rec["text"], threshold=self.threshold)
        item.relevance = {"concerns": d.concerns, "score": d.score, "reasons": d.reasons}
        if not d.concerns and not self.keep_irrelevant:
            self.state.mark_items([_item_row(item, "irrelevant")])
            raise DropItem(f"does not concern the province (score {d.score}): {rec['canonical_url']}")
        return item


class NearDuplicatePipeline:
    """Fingerprint the article (``nlp.fingerprint`` over title, lead and body: computed once, here, and stored on
    the article); record COPIES to earlier near-identical articles of other URLs (``graph.analytics.lsh``)."""

    def __init__(self, state: StateStore, threshold: float) -> None:
        self.state = state
        self.threshold = threshold
        self.index = LshIndex()
        self.published: dict[str, str | None] = {}
        for url, fp, published in state.signatures():
            if is_current(fp):  # a fingerprint of an earlier scheme cannot be compared: that article is not indexed
                self.index.add(url, fp)
                self.published[url] = published

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NearDuplicatePipeline:
        return cls(get_state(crawler), crawler.settings.getfloat("LANTOA_NEAR_DUP_THRESHOLD", 0.6))

    def process_item(self, item, spider: Spider | None = None):
        if isinstance(item, SocialItem):
            return item
        rec = item.record
        item.fingerprint = fp = fingerprint(rec["title"], rec["lead"], rec["text"])
        if not fp:
            return item
        url = rec["canonical_url"]
        mine = rec.get("published_at") or item.detected_at
        for other, sim in self.index.query(fp, threshold=self.threshold):
            if other == url:
                continue
            theirs = self.published.get(other) or ""
            # the later one copies the earlier one
            src, dst = (url, other) if (theirs and mine >= theirs) or not theirs else (other, url)
            item.copies.append((src, dst, round(sim, 3)))
        self.index.add(url, fp)
        self.published[url] = mine
        return item


def _item_row(item: PageItem, status: str) -> ItemRow:
    rec = item.record or {}
    rel = item.relevance or {}
    cap = item.capture or {}
    return ItemRow(canonical_url=rec.get("canonical_url") or item.final_url, url=item.url,
                   outlet=rec.get("outlet_id") or outlet_id(item.final_url), source=item.source,
                   title=rec.get("title"), published_at=rec.get("published_at"), detected_at=item.detected_at,
                   content_hash=rec.get("content_hash"), evidence_sha256=cap.get("sha256"),
                   capture_id=cap.get("capture_id"), status=status, concerns=rel.get("concerns"),
                   relevance=rel.get("score"), reasons=rel.get("reasons", []))


def article_rows(item: PageItem, known_outlets: set[str]) -> dict[str, list[dict]]:
    """The graph rows of one article, per load statement."""
    rec, rel, cap = item.record, item.relevance or {}, item.capture or {}
    aid = rec["canonical_url"]
    rows: dict[str, list[dict]] = {"load/articles": [{
        "id": aid, "url": aid, "title": rec["title"], "lead": rec["lead"], "text": rec["text"],
        "published_at": rec["published_at"], "modified_at": rec["modified_at"], "detected_at": item.detected_at,
        "section": rec["section"], "language": rec["language"], "tags": rec["tags"],
        "content_hash": rec["content_hash"], "evidence_sha256": cap.get("sha256"), "fingerprint": item.fingerprint,
        "relevance": rel.get("score"), "relevance_reasons": rel.get("reasons", []),
        "concerns_province": rel.get("concerns"), "outlet_id": rec["outlet_id"],
        "outlet_name": item.source if item.source and item.source != rec["outlet_id"] else None,
        "authors": [{"id": journalist_id(a), "name": a} for a in rec["authors"]],
        "photographers": rec.get("photographers") or [],
        "source_tag": rec["source_tag"], "attributed_source": rec["attributed_source"],
        "published_precision": rec["published_precision"],
    }]}
    if cap:
        rows["load/captures"] = [{"article_id": aid, "capture_id": cap["capture_id"], "sha256": cap["sha256"],
                                  "url": cap["url"], "final_url": cap["final_url"], "status": cap["status"],
                                  "captured_at": cap["captured_at"], "size": cap["size"]}]
    links = [u for u in rec["links"] if outlet_id(u) in known_outlets or outlet_id(u) == rec["outlet_id"]]
    if links:
        rows["load/links"] = [{"source_id": aid, "target_id": u, "target_url": u} for u in links]
    if item.copies:
        rows["load/copies"] = [{"source_id": s, "target_id": d, "similarity": sim, "method": "minhash"}
                               for s, d, sim in item.copies]
    return rows


STATEMENT_ORDER = ("load/outlets", "load/feeds", "load/articles", "load/captures", "load/links", "load/copies",
                   "load/accounts", "load/posts", "load/post_parents", "load/post_article_shares")


class GraphPipeline:
    """Batch rows and write them to Neo4j in a background thread; when Neo4j is away, spool the rows to disk
    and replay them (in order) when it is back. An item is marked seen only once written or spooled."""

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.enabled = s.getbool("LANTOA_GRAPH", True)
        self.batch = s.getint("LANTOA_WRITE_BATCH", 200)
        self.interval = s.getfloat("LANTOA_FLUSH_INTERVAL", 2.0)
        self.state = get_state(crawler)
        self.spool = Spool(Path(s.get("LANTOA_SPOOL_DIR")))
        self.known_outlets: set[str] = set(s.getlist("LANTOA_KNOWN_OUTLETS"))
        self.registry_rows: dict[str, list[dict]] = s.getdict("LANTOA_REGISTRY_ROWS") or {}
        self._buf: list[PageItem | SocialItem] = []
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graph-writer")
        self._pending: list[Future] = []
        self._driver = None
        self._writer = None
        self._offline_until = 0.0
        self._loop: task.LoopingCall | None = None
        self.stats = {"written": 0, "spooled": 0, "replayed": 0}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GraphPipeline:
        return cls(crawler)

    # -- lifecycle -------------------------------------------------------------------------------------
    def open_spider(self, spider: Spider | None = None) -> None:
        if self.enabled:
            self._connect()
            if self.registry_rows:
                self._submit([], extra=self.registry_rows)
        self._loop = task.LoopingCall(self._tick)
        self._loop.start(self.interval, now=False)

    def close_spider(self, spider: Spider | None = None) -> None:
        if self._loop and self._loop.running:
            self._loop.stop()
        self._flush()
        for f in list(self._pending):
            f.result()
        self._pool.shutdown(wait=True)
        if self._driver is not None:
            self._driver.close()
        log.info("graph pipeline: %s (spool holds %d batches)", self.stats, len(self.spool))

    def _connect(self) -> None:
        from common.errors import LantoaError
        from graph.driver import open_driver
        from graph.repository import GraphWriter
        from graph.settings import get_neo4j_settings

        try:
            self._driver = open_driver(verify=False)
            self._writer = GraphWriter(self._driver, database=get_neo4j_settings().database, batch_size=1000)
        except LantoaError as e:
            log.error("no Neo4j connection (%s); everything goes to the spool", e)
            self._offline_until = float("inf")

    # -- items ---------------------------------------------------------------------------------------------
    def process_item(self, item, spider: Spider | None = None):
        with self._lock:
            self._buf.append(item)
            full = len(self._buf) >= self.batch
        if full:
            self._flush()
        return item

    def _tick(self) -> None:
        self._pending = [f for f in self._pending if not f.done()]
        self._flush()

    def _flush(self) -> None:
        with self._lock:
            items, self._buf = self._buf, []
        if items or (self.enabled and len(self.spool) and not self._pending):
            self._submit(items)

    def _submit(self, items: list, extra: dict[str, list[dict]] | None = None) -> None:
        fut = self._pool.submit(self._write, items, extra or {})
        fut.add_done_callback(lambda f: f.exception() and log.error("graph write failed: %r", f.exception()))
        self._pending.append(fut)

    # -- the writer thread -----------------------------------------------------------------------------
    def _rows(self, items: list, extra: dict[str, list[dict]]) -> dict[str, list[dict]]:
        from etl.social_import import rows_for_records

        rows: dict[str, list[dict]] = {k: list(v) for k, v in extra.items()}
        for it in items:
            part = article_rows(it, self.known_outlets) if isinstance(it, PageItem) else \
                rows_for_records(it.records, threshold=self.crawler.settings.getint("LANTOA_FOLLOWER_THRESHOLD", 2000))
            for k, v in part.items():
                rows.setdefault(k, []).extend(v)
        return rows

    def _database_back(self) -> bool:
        if self._writer is None:
            return False
        if time.monotonic() < self._offline_until:
            return False
        try:
            self._driver.verify_connectivity()
            return True
        except Exception:  # noqa: BLE001 - any failure means: still away
            self._offline_until = time.monotonic() + 3.0
            return False

    def _write(self, items: list, extra: dict[str, list[dict]]) -> None:
        from common.errors import DatabaseUnavailableError
        from graph.repository import BatchUnavailableError

        pages = [it for it in items if isinstance(it, PageItem)]
        rows = self._rows(items, extra)
        ordered = [(k, rows[k]) for k in STATEMENT_ORDER if rows.get(k)]
        status = "spooled"
        if self.enabled and self._database_back():
            if len(self.spool):
                res = self.spool.replay(self._writer)
                self.stats["replayed"] += res.rows
                if res.batches:
                    self._mark_replayed()
                if res.remaining:
                    self._offline_until = time.monotonic() + 3.0
            if not len(self.spool):
                done = 0
                try:
                    for stmt, r in ordered:
                        self._writer.write(stmt, r)
                        self.stats["written"] += len(r)
                        done += 1
                    ordered = []
                    status = "loaded"
                except BatchUnavailableError as e:
                    log.warning("Neo4j went away during %s: spooling the rest", stmt)
                    self._offline_until = time.monotonic() + 3.0
                    ordered = [(ordered[done][0], ordered[done][1][e.committed_rows:])] + ordered[done + 1:]
                except DatabaseUnavailableError:
                    self._offline_until = time.monotonic() + 3.0
        if self.enabled:
            for stmt, r in ordered:
                if r:
                    self.spool.put(stmt, r)
                    self.stats["spooled"] += len(r)
        elif not self.enabled:
            status = "fetched"
        if pages:
            sigs = {it.record["canonical_url"]: it.fingerprint for it in pages if it.fingerprint}
            self.state.mark_items([_item_row(it, status) for it in pages], sigs)
            for it in pages:  # the URL a feed lists (redirect, tracking parameters) → the stored article
                listed = try_canonicalize(it.url)
                if listed and listed != it.record["canonical_url"]:
                    self.state.add_alias(listed, it.record["canonical_url"], "redirect or listed URL")
            copies = [c for it in pages for c in it.copies]
            if copies:
                self.state.add_copies(copies)

    def _mark_replayed(self) -> None:
        spooled = [r.canonical_url for r in self.state.iter_items() if r.status == "spooled"]
        if spooled and not len(self.spool):
            self.state.set_status(spooled, "loaded")
