"""The evidence store fills up mid-crawl (a real small tmpfs; we are root): the crawl stops fetching with
``evidence_store_unavailable``, keeps nothing it could not keep as evidence, marks none of those pages seen,
and the next run (disk grown) fetches exactly what was missing. No Neo4j: the graph stage is off."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from etl.crawl import CrawlSpec, run_crawl_subprocess
from etl.evidence import EVIDENCE_UNAVAILABLE, EvidenceStore

pytestmark = pytest.mark.integration

SLOW = {"LANTOA_ETL_CONCURRENT_REQUESTS": "2", "LANTOA_ETL_CONCURRENT_PER_HOST": "1",
        "LANTOA_ETL_AUTOTHROTTLE": "false"}


def _mount(target: Path, size: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)],
                          capture_output=True, check=False).returncode == 0


def _leave_free(fs: Path, free_bytes: int) -> Path:
    """Fill the filesystem, then give back ``free_bytes``."""
    filler = fs / "filler"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    os.truncate(filler, max(0, filler.stat().st_size - free_bytes))
    return filler


def _rows(state_dir: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(state_dir / "state.sqlite")
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def _crawl(spec: CrawlSpec, env: dict, stats: Path) -> dict:
    proc = run_crawl_subprocess(spec, env=env, stats_file=stats, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(stats.read_text())


def test_full_evidence_disk_stops_the_crawl_and_the_next_run_fetches_the_rest(tiny_world, fetchable, tmp_path):
    from etl.sandbox.server import serve_in_thread

    disk = tmp_path / "disk"
    if not _mount(disk, "1m"):
        pytest.fail("needs a small tmpfs (run as root)", pytrace=False)
    try:
        evidence, state = disk / "evidence", tmp_path / "state"
        evidence.mkdir()
        filler = _leave_free(disk, 96 * 1024)  # room for a handful of pages
        env = {"LANTOA_ETL_STATE_DIR": str(state), "LANTOA_ETL_EVIDENCE_DIR": str(evidence),
               "LANTOA_ETL_SPOOL_DIR": str(tmp_path / "spool"), **SLOW}
        with serve_in_thread(tiny_world) as sandbox:
            spec = CrawlSpec(world_dir=str(tiny_world), proxy=sandbox.proxy, graph=False,
                             jobdir=str(tmp_path / "job"), log_file=str(tmp_path / "full-disk.log"))
            first = _crawl(spec, env, tmp_path / "first.json")

            assert first["finish_reason"] == EVIDENCE_UNAVAILABLE
            assert "evidence store unavailable" in (tmp_path / "full-disk.log").read_text(encoding="utf-8")
            kept = _rows(state, "SELECT canonical_url, evidence_sha256 FROM items")
            failed = [u for (u, r) in _rows(state, "SELECT url, reason FROM failures")
                      if r.startswith(EVIDENCE_UNAVAILABLE)]
            assert kept and failed
            # the crawl stopped scheduling: it fetched a small part of the world, not all of it
            pages = first.get("item_scraped_count", 0) + first.get("item_dropped_count", 0)
            assert pages < len(fetchable) / 3, (pages, len(fetchable))
            # everything marked seen has its evidence; nothing that could not be kept is marked seen
            store = EvidenceStore(evidence)
            for _, sha in kept:
                assert store.read(sha) and store.captures(sha)
            assert not {u for u, _ in kept} & set(failed)
            assert not list(evidence.rglob(".tmp-*"))

            # the disk grows; the next run fetches what was not kept, and everything else
            filler.unlink()
            subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
            spec.log_file = str(tmp_path / "after.log")
            second = _crawl(spec, env, tmp_path / "second.json")
        assert second["finish_reason"] == "finished"
        stored = {u for (u,) in _rows(state, "SELECT canonical_url FROM items")}
        assert set(failed) <= stored | {a for (a,) in _rows(state, "SELECT url FROM aliases")}
        province = [u for u, t in fetchable.items() if t["concerns_province"]]
        found = sum(u in stored for u in province)
        assert found / len(province) >= 0.99, f"{found}/{len(province)} province items"
    finally:
        subprocess.run(["umount", str(disk)], check=False)
