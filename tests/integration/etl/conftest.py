"""Fixtures for the crawler's integration tests: a tiny sandbox world served on 127.0.0.1, and the
environment that points a crawl (a child process) at the test Neo4j and at per-test state directories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.urls import canonicalize


@pytest.fixture(scope="session")
def tiny_world(tmp_path_factory) -> Path:
    from etl.sandbox import generate

    out = tmp_path_factory.mktemp("world") / "tiny"
    generate(out, seed=7, size="tiny")
    return out


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
def fault_server():
    """A dedicated real Neo4j (own home and ports) that fault tests may stop and restart without disturbing
    other test sessions; also used where the shared test database must not be touched concurrently."""
    from graph.server_manager import LocalNeo4j
    from graph.settings import LocalServerSettings

    repo = Path(__file__).resolve().parents[3]
    s = LocalServerSettings(home=repo / "var" / "neo4j-etl-fault", bolt_port=7689, http_port=7476, heap="512m",
                            pagecache="256m", tx_memory_max="512m")
    server = LocalNeo4j(s)
    try:
        server.start()
    except Exception as e:  # noqa: BLE001
        pytest.fail(f"the dedicated Neo4j for ETL fault tests could not start: {e}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture()
def fault_driver(fault_server):
    """A driver to the dedicated server's database, emptied first (schema applied)."""
    import neo4j

    from graph.admin import wipe
    from graph.repository import apply_schema

    pw = fault_server.s.password_file.read_text(encoding="utf-8").strip()
    d = neo4j.GraphDatabase.driver(fault_server.s.bolt_uri, auth=("neo4j", pw))
    apply_schema(d)
    wipe(d)
    yield d
    d.close()
