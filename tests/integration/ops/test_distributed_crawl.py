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
