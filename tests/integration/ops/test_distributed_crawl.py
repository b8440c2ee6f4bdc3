"""Scale-out of the crawl: three crawler processes share one scrapy-redis queue and duplicate filter (a
real redis-server on 127.0.0.1, started here with its own directory) against the sandbox web: every page is
fetched exactly once in total, and the work is spread over the processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
HERE = Path(__file__).resolve().parent


def test_three_processes_share_one_queue(redis_url, tiny_world, fetchable, tmp_path):
    import redis

    from etl.sandbox.server import serve_in_thread

    urls = sorted(fetchable)
    (tmp_path / "urls.json").write_text(json.dumps(urls))
    out = tmp_path / "fetched.jsonl"
    env = {**os.environ, "PYTHONPATH": str(HERE.parents[2])}
    with serve_in_thread(tiny_world) as sandbox:
        procs = [subprocess.Popen([sys.executable, str(HERE / "redis_crawl_child.py"), redis_url, sandbox.proxy,
                                   str(out), str(tmp_path / "urls.json")], env=env,
                                  stdout=subprocess.DEVNULL, stderr=open(tmp_path / f"child{i}.log", "w"))
                 for i in range(3)]
        client = redis.Redis.from_url(redis_url)
        # seed only once all three engines run and wait idle on the queue (each child says so in lantoa:ready)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and client.scard("lantoa:ready") < 3:
            assert all(p.poll() is None for p in procs), "a crawler exited before the queue was seeded"
            time.sleep(0.5)
        assert client.scard("lantoa:ready") == 3, "the three crawlers did not all come up within 180 s"
        client.set("lantoa:seeded", 1)
        client.lpush("lantoa:seeds", urls[0] + "?seed=1")
        for p in procs:
            p.wait(timeout=300)
    logs = "".join((tmp_path / f"child{i}.log").read_text() for i in range(3))
    assert all(p.returncode == 0 for p in procs), logs[-3000:]
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    pages = [r["url"] for r in rows if "seed=1" not in r["url"]]
    assert sorted(pages) == sorted(set(pages)), "a page was fetched twice"
    assert set(pages) == set(urls)
    per_process: dict[int, int] = {}
    for r in rows:
        per_process[r["pid"]] = per_process.get(r["pid"], 0) + 1
    print(f"{len(pages)} pages fetched once each by {len(per_process)} processes: {sorted(per_process.values())}")
    assert len(per_process) >= 2, "one process did all the work"


def test_the_news_spider_in_three_processes_fetches_each_page_once(redis_url, tiny_world, fetchable, neo4j_env,
                                                                  neo4j_driver, tmp_path):
    """The project's own crawl (``lantoa etl crawl --redis-url … --shard I/3``: discovery, extraction, relevance,
    evidence and loading) in three processes with separate state, as on three machines: each polls a third of the
    outlets' feeds, the articles go through one shared queue and duplicate filter. Every feed and every article
    page is requested from the web once in all, the articles land in the graph once, and more than one process
    fetched articles."""
    from etl.crawl import CrawlSpec, start_crawl_subprocess
    from etl.sandbox.server import serve_in_thread
    from etl.sources import sources_from_world
    from etl.spiders.news import source_shard
    from etl.urls import canonicalize, try_canonicalize
    from graph.repository import GraphReader

    with serve_in_thread(tiny_world) as sandbox:
        seen: list[str] = []
        handle = sandbox.app.handle

        def counting(host: str, target: str):  # the server thread records every page it serves (a planted
            resp = handle(host, target)         # flaky page's 500 is retried, as it should be: not counted)
            if resp.status < 500:
                seen.append(f"http://{host}{target}")
            return resp

        sandbox.app.handle = counting
        procs, stats = [], []
        for i in range(3):
            env = {**neo4j_env, "LANTOA_ETL_STATE_DIR": str(tmp_path / f"state{i}"),
                   "LANTOA_ETL_EVIDENCE_DIR": str(tmp_path / f"evidence{i}"),
                   "LANTOA_ETL_SPOOL_DIR": str(tmp_path / f"spool{i}")}
            spec = CrawlSpec(world_dir=str(tiny_world), proxy=sandbox.proxy, redis_url=redis_url, run_key="test-run",
                             shard=i, shards=3, log_file=str(tmp_path / f"crawl{i}.log"))
            stats.append(tmp_path / f"stats{i}.json")
            procs.append(start_crawl_subprocess(spec, env=env, stats_file=stats[-1]))
        for p in procs:
            p.wait(timeout=600)
    logs = "".join((tmp_path / f"crawl{i}.log").read_text(errors="replace")[-1500:] for i in range(3))
    assert [p.returncode for p in procs] == [0, 0, 0], logs

    outlets = sources_from_world(tiny_world)
    assert len({source_shard(o.id, 3) for o in outlets}) == 3, "the outlets were not split over the processes"
    requested = [try_canonicalize(u) or u for u in seen]
    articles = [u for u in requested if u in fetchable]
    assert len(set(articles)) >= 0.99 * len(fetchable), f"{len(set(articles))} of {len(fetchable)} articles fetched"
    twice = sorted({u for u in articles if articles.count(u) > 1})
    assert not twice, f"{len(twice)} article pages fetched more than once, e.g. {twice[:3]}"
    feeds = [u for u in seen if "robots.txt" not in u and (try_canonicalize(u) or u) not in fetchable]
    repeated_feeds = sorted({u for u in feeds if feeds.count(u) > 1})
    assert not repeated_feeds, f"feeds read by more than one process: {repeated_feeds[:3]}"

    per_process = [json.loads(s.read_text()).get("item_scraped_count", 0) for s in stats]
    print(f"{len(articles)} article pages fetched once each; items per process: {per_process}")
    assert sum(n > 0 for n in per_process) >= 2, f"one process did all the work: {per_process}"
    reader = GraphReader(neo4j_driver)
    ids = {r["id"] for r in reader.read("read/etl_article_ids")}
    st = reader.read("read/etl_article_stats")[0]
    assert st["articles"] == st["distinct_urls"] == len(ids) == sum(per_process)
    assert ids == {canonicalize(u) for u in articles} & ids and len(ids) >= 0.95 * len(set(articles))
