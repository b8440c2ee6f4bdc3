"""Article requests go through the duplicate filter (so scrapy-redis can share it between processes); feed
polls bypass it; the local filter is scoped to the run (not persisted in JOBDIR), and a page an earlier run
could not keep as evidence is requested past the filter."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from etl.dupefilter import RunDupeFilter
from etl.evidence import EVIDENCE_UNAVAILABLE
from etl.spiders.news import NewsSpider

FEED = ("<?xml version='1.0'?><rss><channel>"
        "<item><link>https://baophutho.vn/a-1.htm</link></item>"
        "<item><link>https://baophutho.vn/b-2.htm</link></item></channel></rss>")


def _spider(tmp_path: Path) -> NewsSpider:
    crawler = get_crawler(NewsSpider, {"LANTOA_STATE_DIR": str(tmp_path / "state"), "JOBDIR": str(tmp_path / "job")})
    src = {"id": "baophutho.vn", "name": "Báo Phú Thọ",
           "feeds": [{"kind": "rss", "url": "https://baophutho.vn/rss/home.rss"}]}
    spider = crawler._create_spider(sources=[src])
    crawler.spider = spider
    return spider


def _feed_response(spider: NewsSpider) -> TextResponse:
    req = spider._feed_request(spider.sources["baophutho.vn"], "rss", "https://baophutho.vn/rss/home.rss")
    return TextResponse(req.url, body=FEED.encode(), encoding="utf-8", request=req)


def test_feeds_bypass_the_filter_articles_do_not(tmp_path):
    spider = _spider(tmp_path)
    resp = _feed_response(spider)
    assert resp.request.dont_filter  # re-polled on purpose
    reqs = list(spider.parse_feed(resp))
    assert [r.url for r in reqs] == ["https://baophutho.vn/a-1.htm", "https://baophutho.vn/b-2.htm"]
    assert not any(r.dont_filter for r in reqs)


def test_a_page_not_kept_as_evidence_is_requested_past_the_filter(tmp_path):
    spider = _spider(tmp_path)
    spider.store.record_failure("https://baophutho.vn/a-1.htm", "baophutho.vn", f"{EVIDENCE_UNAVAILABLE}: disk full")
    reqs = {r.url: r for r in spider.parse_feed(_feed_response(spider))}
    assert reqs["https://baophutho.vn/a-1.htm"].dont_filter
    assert not reqs["https://baophutho.vn/b-2.htm"].dont_filter


def test_stopped_spider_schedules_nothing(tmp_path):
    spider = _spider(tmp_path)
    spider.stop_scheduling(EVIDENCE_UNAVAILABLE)
    assert list(spider.parse_feed(_feed_response(spider))) == []
    assert list(spider._due_requests(force=True)) == []


def test_run_filter_dedupes_within_a_run_and_persists_nothing(tmp_path):
    crawler = get_crawler(NewsSpider, {"JOBDIR": str(tmp_path / "job")})
    df = RunDupeFilter.from_crawler(crawler)
    df.open()
    assert not df.request_seen(Request("https://baophutho.vn/a-1.htm"))
    assert df.request_seen(Request("https://baophutho.vn/a-1.htm"))
    df.close("finished")
    assert not (tmp_path / "job" / "requests.seen").exists()
    again = RunDupeFilter.from_crawler(crawler)
    assert not again.request_seen(Request("https://baophutho.vn/a-1.htm"))
