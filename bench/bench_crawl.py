"""Crawl benchmarks against the sandbox web on 127.0.0.1.

1. throughput: a full crawl (discovery, extraction, relevance, near-duplicates, evidence, Neo4j loading)
   in pages/s, and the ratio to a bare Scrapy spider that only fetches the same article pages;
2. ``--latency``: a scheduled crawl against the sandbox's accelerated clock; detection latency
   (detected_at - published_at, simulated minutes) p50/p90/p99 and the share within 1 h / 24 h.

Neo4j: the one named by NEO4J_URI/NEO4J_PASSWORD, else the local server (``lantoa neo4j start``).

    .venv/bin/python bench/bench_crawl.py --size small
    .venv/bin/python bench/bench_crawl.py --size tiny --latency --speed 120 --run-seconds 240 --revisit 5
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from etl.crawl import CrawlSpec, run_crawl_subprocess


def _world(size: str, seed: int, root: Path) -> Path:
    from etl.sandbox import generate

    out = root / f"world-{size}-{seed}"
    if not (out / "manifest.json").exists():
        generate(out, seed=seed, size=size)
    return out


def _env(root: Path, tag: str) -> dict[str, str]:
    return {"LANTOA_ETL_STATE_DIR": str(root / tag / "state"), "LANTOA_ETL_EVIDENCE_DIR": str(root / tag / "ev"),
            "LANTOA_ETL_SPOOL_DIR": str(root / tag / "spool")}


def throughput(world: Path, root: Path) -> None:
    from etl.sandbox.server import serve_in_thread

    urls = [json.loads(x)["url"] for x in (world / "articles" / "articles.jsonl").open(encoding="utf-8")]
    with serve_in_thread(world) as sb:
        t = time.perf_counter()
        p = run_crawl_subprocess(CrawlSpec(spider="fetch", urls=urls, proxy=sb.proxy, graph=False,
                                           settings={"ROBOTSTXT_OBEY": False, "AUTOTHROTTLE_ENABLED": False,
                                                     "CONCURRENT_REQUESTS_PER_DOMAIN": 16}),
                                 env=_env(root, "fetch"), stats_file=root / "fetch.json")
        fetch_s = time.perf_counter() - t
        assert p.returncode == 0, p.stderr[-2000:]
        fetched = json.loads((root / "fetch.json").read_text()).get("response_received_count", 0)
        t = time.perf_counter()
        p = run_crawl_subprocess(CrawlSpec(world_dir=str(world), proxy=sb.proxy,
                                           settings={"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16}),
                                 env=_env(root, "full"), stats_file=root / "full.json")
        full_s = time.perf_counter() - t
        assert p.returncode == 0, p.stderr[-2000:]
    st = json.loads((root / "full.json").read_text())
    items = st.get("item_scraped_count", 0)
    print(f"articles in world: {len(urls)}")
    print(f"fetch-only spider: {fetched} pages in {fetch_s:.1f} s = {fetched / fetch_s:.0f} pages/s")
    print(f"full crawl (discovery+extraction+evidence+Neo4j): {items} articles stored, "
          f"{st.get('response_received_count', 0)} responses in {full_s:.1f} s = {items / full_s:.0f} articles/s "
          f"({st.get('response_received_count', 0) / full_s:.0f} responses/s)")
    print(f"ratio full/fetch-only (articles/s vs pages/s): {(items / full_s) / (fetched / fetch_s):.2f}")


def latency(world: Path, root: Path, *, speed: float, run_seconds: float, revisit: float) -> None:
    from etl.coverage import coverage
    from etl.sandbox.server import serve_in_thread
    from etl.state import open_state

    manifest = json.loads((world / "manifest.json").read_text())
    start = manifest["start"]
    host = json.loads((world / "outlets.json").read_text())[0]["host"]
    with serve_in_thread(world, speed=speed, start=start) as sb:
        spec = CrawlSpec(world_dir=str(world), proxy=sb.proxy, clock_url=f"http://{host}/__clock", schedule=True,
                         run_seconds=run_seconds, revisit_minutes=revisit,
                         settings={"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8},
                         log_file=str(root / "sched" / "crawl.log"))
        p = run_crawl_subprocess(spec, env=_env(root, "sched"), stats_file=root / "sched.json")
        assert p.returncode == 0, p.stderr[-2000:]
    state = open_state(root / "sched" / "state")
    rep = coverage(state)
    prov = coverage(state, province_only=True)
    o, po = rep.overall, prov.overall
    print(f"scheduled crawl: speed x{speed:g}, revisit {revisit:g} simulated min, {run_seconds:g} s real "
          f"= {run_seconds * speed / 3600:.1f} simulated h")
    print(f"all items: n={o.dated} p50={o.p50_min} p90={o.p90_min} p99={o.p99_min} simulated min, "
          f"within 1 h {o.within_1h}, within 24 h {o.within_24h}")
    print(f"province items: n={po.dated} p50={po.p50_min} p90={po.p90_min} p99={po.p99_min}, within 1 h {po.within_1h}")
    silent = [s.source for s in rep.sources if s.silent]
    print(f"silent sources: {silent}")
    db = sqlite3.connect(root / "sched" / "state" / "state.sqlite")
    print("feed polls:", db.execute("SELECT count(*), sum(status=304) FROM polls").fetchone())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="small")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--latency", action="store_true")
    ap.add_argument("--speed", type=float, default=120.0)
    ap.add_argument("--run-seconds", type=float, default=240.0)
    ap.add_argument("--revisit", type=float, default=5.0)
    ap.add_argument("--keep", type=Path, default=None)
    a = ap.parse_args()
    root = a.keep or Path(tempfile.mkdtemp(prefix="lantoa-bench-crawl-"))
    world = _world(a.size, a.seed, root)
    if a.latency:
        latency(world, root, speed=a.speed, run_seconds=a.run_seconds, revisit=a.revisit)
    else:
        throughput(world, root)


if __name__ == "__main__":
    main()
