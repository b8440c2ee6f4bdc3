"""Fixtures for the crawler's integration tests: a tiny sandbox world served on 127.0.0.1, and the
environment that points a crawl (a child process) at the test Neo4j and at per-test state directories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.urls import canonicalize


@pytest.fixture(scope="session")
def truth(tiny_world) -> list[dict]:
    return [json.loads(line) for line in (tiny_world / "truth" / "articles.jsonl").open(encoding="utf-8")]


@pytest.fixture(scope="session")
def fetchable(truth) -> dict[str, dict]:
    """Articles a polite crawler can get: answered 200 and not disallowed by robots.txt."""
    return {canonicalize(t["url"]): t for t in truth
            if t.get("expected_status", 200) == 200 and not t.get("robots_disallowed")}


@pytest.fixture()
def crawl_env(tmp_path, neo4j_env) -> dict[str, str]:
    return {**neo4j_env,
            "LANTOA_ETL_STATE_DIR": str(tmp_path / "state"),
            "LANTOA_ETL_EVIDENCE_DIR": str(tmp_path / "evidence"),
            "LANTOA_ETL_SPOOL_DIR": str(tmp_path / "spool")}


@pytest.fixture(scope="session")
def fault_server(tmp_path_factory):
    """A dedicated real Neo4j (own home and ports) that fault tests may stop and restart without disturbing
    other test sessions; also used where the shared test database must not be touched concurrently."""
    from neo4j_support import dedicated_server

    server = dedicated_server(Path(tmp_path_factory.mktemp("etl-neo4j")), "ETL fault tests")
    yield server
    server.stop()


@pytest.fixture()
def fault_driver(fault_server):
    """A driver to the dedicated server's database, emptied first (schema applied)."""
    from neo4j_support import connect, emptied

    d = emptied(connect(fault_server))
    yield d
    d.close()
