"""A Neo4j server of the ops tests' own (own home, own ports): these tests stop it, SIGKILL it and load
dumps into it, which must not disturb the shared test server other test modules are using meanwhile."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from neo4j_support import connect as connect_dedicated
from neo4j_support import dedicated_server, emptied, free_port

from graph.server_manager import LocalNeo4j


@pytest.fixture(scope="session")
def ops_server(tmp_path_factory) -> Iterator[LocalNeo4j]:
    server = dedicated_server(Path(tmp_path_factory.mktemp("ops-neo4j")), "the ops tests")
    yield server
    server.stop()


def connect(server: LocalNeo4j) -> neo4j.Driver:
    return connect_dedicated(server, max_transaction_retry_time=5)


@pytest.fixture()
def ops_driver(ops_server) -> Iterator[neo4j.Driver]:
    """A driver to the ops server's database, emptied (schema kept) before the test."""
    if not ops_server.status().running:
        ops_server.start()
    driver = emptied(connect(ops_server))
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def fetchable(tiny_world) -> list[str]:
    """Canonical URLs of the world's articles that answer 200 and are not disallowed by robots.txt."""
    import json

    from etl.urls import canonicalize

    truth = [json.loads(line) for line in (tiny_world / "truth" / "articles.jsonl").open(encoding="utf-8")]
    return sorted({canonicalize(t["url"]) for t in truth
                   if t.get("expected_status", 200) == 200 and not t.get("robots_disallowed")})


@pytest.fixture()
def redis_url(tmp_path) -> Iterator[str]:
    """A real redis-server of this test's own on a free 127.0.0.1 port (own directory, no persistence)."""
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.fail("redis-server is missing: apt-get install redis-server", pytrace=False)
    port = free_port()
    (tmp_path / "redis").mkdir()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path / "redis"),
                             "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)
