"""Shared fixtures. Integration tests use the real Neo4j: the one named by NEO4J_URI, or a local test
server (its own home and ports, started once and shared by the run). When it cannot start, the tests
that need it FAIL — they never skip."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

REPO = Path(__file__).resolve().parent.parent


def _test_server_settings():
    from graph.settings import LocalServerSettings

    home = Path(os.environ.get("LANTOA_TEST_NEO4J_HOME", REPO / "var" / "neo4j-test"))
    return LocalServerSettings(
        home=home,
        bolt_port=int(os.environ.get("LANTOA_TEST_NEO4J_BOLT_PORT", "7688")),
        http_port=int(os.environ.get("LANTOA_TEST_NEO4J_HTTP_PORT", "7475")),
        heap="1g",
        pagecache="512m",
        tx_memory_max="1g",
    )


@pytest.fixture(scope="session")
def neo4j_local():
    """The local test server's manager (for fault-injection tests that kill and restart it)."""
    from graph.server_manager import LocalNeo4j

    settings = _test_server_settings()
    server = LocalNeo4j(settings)
    settings.home.mkdir(parents=True, exist_ok=True)
    lock_path = settings.home.parent / f".{settings.home.name}.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            server.start()
        except Exception as e:  # noqa: BLE001
            pytest.fail(f"the real Neo4j test server could not start: {e}", pytrace=False)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return server


@pytest.fixture(scope="session")
def neo4j_connection(request) -> tuple[str, tuple[str, str], str]:
    """(uri, auth, database) of the database the integration tests use."""
    from graph.settings import Neo4jSettings

    external = Neo4jSettings()
    if external.external:
        if not external.password:
            pytest.fail("NEO4J_URI is set but NEO4J_PASSWORD is not", pytrace=False)
        return external.uri or "", (external.user, external.password), external.database
    server = request.getfixturevalue("neo4j_local")
    pw = server.s.password_file.read_text(encoding="utf-8").strip()
    return server.s.bolt_uri, ("neo4j", pw), "neo4j"


@pytest.fixture(scope="session")
def neo4j_env(neo4j_connection, tmp_path_factory) -> dict[str, str]:
    """Environment variables that point a subprocess (the CLI, a crawler, the API) at the test database."""
    uri, (user, password), database = neo4j_connection
    return {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password, "NEO4J_DATABASE": database}


@pytest.fixture(scope="session")
def _session_driver(neo4j_connection) -> Iterator[neo4j.Driver]:
    from graph.repository import apply_schema

    uri, auth, database = neo4j_connection
    driver = neo4j.GraphDatabase.driver(uri, auth=auth)
    try:
        driver.verify_connectivity()
    except Exception as e:  # noqa: BLE001
        pytest.fail(f"Neo4j at {uri} does not answer: {e}", pytrace=False)
    apply_schema(driver, database=database)
    yield driver
    driver.close()


@pytest.fixture(scope="module")
def neo4j_driver(_session_driver, neo4j_connection) -> neo4j.Driver:
    """A driver to a database emptied at the start of each test module (schema kept)."""
    from graph.admin import wipe

    wipe(_session_driver, database=neo4j_connection[2])
    return _session_driver


@pytest.fixture()
def clean_db(neo4j_driver, neo4j_connection) -> neo4j.Driver:
    """Like ``neo4j_driver`` but emptied before this one test."""
    from graph.admin import wipe

    wipe(neo4j_driver, database=neo4j_connection[2])
    return neo4j_driver


@pytest.fixture(scope="session")
def tiny_world(tmp_path_factory) -> Path:
    """A tiny generated sandbox world (etl/sandbox), shared by the crawler and scale-out tests."""
    from etl.sandbox import generate

    out = tmp_path_factory.mktemp("world") / "tiny"
    generate(out, seed=7, size="tiny")
    return out
