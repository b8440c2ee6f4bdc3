"""A Neo4j server of the ops tests' own (own home, own ports): these tests stop it, SIGKILL it and load
dumps into it, which must not disturb the shared test server other test modules are using meanwhile."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph.server_manager import LocalNeo4j
from graph.settings import LocalServerSettings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def ops_server(tmp_path_factory) -> Iterator[LocalNeo4j]:
    home = Path(tmp_path_factory.mktemp("ops-neo4j"))
    server = LocalNeo4j(LocalServerSettings(home=home, bolt_port=_free_port(), http_port=_free_port(),
                                            heap="512m", pagecache="256m", tx_memory_max="512m"))
    try:
        server.start()
    except Exception as e:  # noqa: BLE001
        pytest.fail(f"the ops tests' Neo4j server could not start: {e}", pytrace=False)
    yield server
    server.stop()


def connect(server: LocalNeo4j) -> neo4j.Driver:
    pw = server.s.password_file.read_text(encoding="utf-8").strip()
    return neo4j.GraphDatabase.driver(server.s.bolt_uri, auth=("neo4j", pw), max_transaction_retry_time=5)


@pytest.fixture()
def ops_driver(ops_server) -> Iterator[neo4j.Driver]:
    """A driver to the ops server's database, emptied (schema kept) before the test."""
    from graph.admin import wipe
    from graph.repository import apply_schema

    if not ops_server.status().running:
        ops_server.start()
    driver = connect(ops_server)
    apply_schema(driver)
    wipe(driver)
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def tiny_world(tmp_path_factory) -> Path:
    """A small generated sandbox world (etl/sandbox), for the distributed-crawl test."""
    from etl.sandbox import generate

    out = tmp_path_factory.mktemp("world") / "tiny"
    generate(out, seed=7, size="tiny")
    return out


@pytest.fixture(scope="session")
def fetchable(tiny_world) -> list[str]:
    """Canonical URLs of the world's articles that answer 200 and are not disallowed by robots.txt."""
    import json

    from etl.urls import canonicalize

    truth = [json.loads(line) for line in (tiny_world / "truth" / "articles.jsonl").open(encoding="utf-8")]
    return sorted({canonicalize(t["url"]) for t in truth
                   if t.get("expected_status", 200) == 200 and not t.get("robots_disallowed")})
