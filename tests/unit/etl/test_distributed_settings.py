"""A distributed crawl's settings: the queue and duplicate filter in Redis under the run's own keys, no JOBDIR,
and every source polled by exactly one of the processes."""

from __future__ import annotations

import pytest

from common.errors import ConfigError
from etl.crawl import CrawlSpec, distributed_settings
from etl.spiders.news import NewsSpider, source_shard


def test_a_local_crawl_has_no_redis_settings():
    assert distributed_settings(CrawlSpec()) == {}


def test_redis_keys_are_scoped_by_the_run_and_persist_when_one_process_closes():
    s = distributed_settings(CrawlSpec(redis_url="redis://127.0.0.1:6379/0", run_key="2026-12-03"))
    assert s["SCHEDULER"] == "scrapy_redis.scheduler.Scheduler"
    assert s["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert s["SCHEDULER_PERSIST"] is True
    assert s["SCHEDULER_DUPEFILTER_KEY"] == "lantoa:crawl:2026-12-03:dupefilter"
    assert s["SCHEDULER_QUEUE_KEY"] == "lantoa:crawl:2026-12-03:requests"


@pytest.mark.parametrize("bad", ["", "a b", "%(spider)s", "x{y}"])
def test_a_run_key_that_would_change_the_keys_is_refused(bad):
    with pytest.raises(ConfigError):
        distributed_settings(CrawlSpec(redis_url="redis://127.0.0.1:6379/0", run_key=bad))


def test_a_jobdir_queue_and_a_redis_queue_do_not_mix():
    with pytest.raises(ConfigError, match="JOBDIR"):
        distributed_settings(CrawlSpec(redis_url="redis://127.0.0.1:6379/0", jobdir="/tmp/job"))


def test_every_source_has_exactly_one_process_and_the_split_is_stable():
    ids = [f"outlet-{i}.vn" for i in range(60)]
    for n in (1, 2, 3, 5):
        shards = [source_shard(i, n) for i in ids]
        assert all(0 <= s < n for s in shards)
        assert len(set(shards)) == n  # 60 sources: each process gets some
        assert shards == [source_shard(i, n) for i in ids]
    assert source_shard("baophutho.vn", 3) == source_shard("baophutho.vn", 3)


def test_a_shard_outside_the_processes_is_refused():
    with pytest.raises(ValueError):
        NewsSpider(sources=[], shard=3, shards=3)
