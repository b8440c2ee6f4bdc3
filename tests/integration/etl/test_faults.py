"""Faults, against a dedicated real Neo4j (its own home and ports, so stopping it disturbs nobody):
Neo4j stopped mid-crawl → items spooled to disk and loaded when it is back, nothing lost;
crawler killed with SIGKILL and restarted → resumes, no duplicates."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import neo4j
import pytest

from etl.crawl import CrawlSpec, run_crawl_subprocess, start_crawl_subprocess
from graph.repository import GraphReader, GraphWriter

SLOW = {"LANTOA_ETL_CONCURRENT_REQUESTS": "2", "LANTOA_ETL_CONCURRENT_PER_HOST": "1", "LANTOA_ETL_AUTOTHROTTLE": "false",
        "LANTOA_ETL_WRITE_BATCH_SIZE": "10", "LANTOA_ETL_FLUSH_INTERVAL_S": "0.5"}


def _env(server, tmp: Path) -> dict[str, str]:
    pw = server.s.password_file.read_text(encoding="utf-8").strip()
    return {"NEO4J_URI": server.s.bolt_uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": pw,
            "LANTOA_ETL_STATE_DIR": str(tmp / "state"), "LANTOA_ETL_EVIDENCE_DIR": str(tmp / "evidence"),
            "LANTOA_ETL_SPOOL_DIR": str(tmp / "spool"), **SLOW}


def _driver(server) -> neo4j.Driver:
    from graph.admin import wipe
    from graph.repository import apply_schema

    pw = server.s.password_file.read_text(encoding="utf-8").strip()
    d = neo4j.GraphDatabase.driver(server.s.bolt_uri, auth=("neo4j", pw))
    apply_schema(d)
    wipe(d)
    return d


def _items(state_dir: Path, status: str | None = None) -> int:
    p = state_dir / "state.sqlite"
    if not p.exists():
        return 0
    db = sqlite3.connect(p, timeout=30)
    try:
        if status:
            return db.execute("SELECT count(*) FROM items WHERE status=?", (status,)).fetchone()[0]
        return db.execute("SELECT count(*) FROM items").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()


def _wait(pred, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def _province_found(driver, fetchable) -> float:
    ids = {r["id"] for r in GraphReader(driver).read("read/etl_article_ids")}
    province = [u for u, t in fetchable.items() if t["concerns_province"]]
    return sum(u in ids for u in province) / len(province)


def test_neo4j_stopped_mid_crawl_spools_and_loads_on_return(tiny_world, fetchable, fault_server, tmp_path):
    from etl.sandbox.server import serve_in_thread
    from etl.spool import Spool

    driver = _driver(fault_server)
    env = _env(fault_server, tmp_path)
    state_dir = tmp_path / "state"
    with serve_in_thread(tiny_world, latency_ms=30) as sandbox:
        spec = CrawlSpec(world_dir=str(tiny_world), proxy=sandbox.proxy, jobdir=str(tmp_path / "job"),
                         log_file=str(tmp_path / "crawl.log"))
        proc = start_crawl_subprocess(spec, env=env)
        try:
            _wait(lambda: _items(state_dir, "loaded") >= 20, 300, "20 items loaded")
            fault_server.stop()
            assert proc.wait(timeout=600) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
    spooled = _items(state_dir, "spooled")
    assert spooled > 0, "nothing was spooled while Neo4j was down"
    spool = Spool(tmp_path / "spool")
    assert len(spool) > 0
    fault_server.start()
    driver.close()
    pw = fault_server.s.password_file.read_text(encoding="utf-8").strip()
    driver = neo4j.GraphDatabase.driver(fault_server.s.bolt_uri, auth=("neo4j", pw))
    res = spool.replay(GraphWriter(driver))
    assert res.remaining == 0 and len(spool) == 0 and res.rows > 0
    stats = GraphReader(driver).read("read/etl_article_stats")[0]
    assert stats["articles"] == _items(state_dir) == stats["distinct_urls"]
    assert _province_found(driver, fetchable) >= 0.99
    driver.close()


def test_sigkill_and_restart_resumes_without_duplicates(tiny_world, fetchable, fault_server, tmp_path):
    from etl.sandbox.server import serve_in_thread

    driver = _driver(fault_server)
    env = _env(fault_server, tmp_path)
    state_dir = tmp_path / "state"
    with serve_in_thread(tiny_world, latency_ms=30) as sandbox:
        spec = CrawlSpec(world_dir=str(tiny_world), proxy=sandbox.proxy, jobdir=str(tmp_path / "job"),
                         log_file=str(tmp_path / "crawl1.log"))
        proc = start_crawl_subprocess(spec, env=env)
        _wait(lambda: _items(state_dir) >= 40, 300, "40 items stored")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        before = _items(state_dir)
        assert before < len(fetchable), "the crawl finished before it could be killed"
        spec.log_file = str(tmp_path / "crawl2.log")
        done = run_crawl_subprocess(spec, env=env, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
    stats = GraphReader(driver).read("read/etl_article_stats")[0]
    assert stats["articles"] == stats["distinct_urls"] == _items(state_dir)
    assert _items(state_dir) > before
    assert _province_found(driver, fetchable) >= 0.99
    driver.close()
