"""Helpers for test groups that need a real Neo4j of their own (importable from tests: pytest's
``pythonpath`` includes tests/)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import neo4j
import pytest


def free_port() -> int:
    from graph.server_manager import free_port as _free

    return _free()


def dedicated_server(home: Path, purpose: str):
    """Start a real Neo4j of a test group's own (own home, free ports), for tests that stop, kill, fill or
    reload it without disturbing the shared test server. Fails the tests — never skips — if it cannot start."""
    from graph.server_manager import LocalNeo4j
    from graph.settings import LocalServerSettings

    server = LocalNeo4j(LocalServerSettings(home=home, bolt_port=free_port(), http_port=free_port(),
                                            heap="512m", pagecache="256m", tx_memory_max="512m"))
    try:
        server.start()
    except Exception as e:  # noqa: BLE001
        pytest.fail(f"the dedicated Neo4j for {purpose} could not start: {e}", pytrace=False)
    return server


def connect(server, **kwargs) -> neo4j.Driver:
    """A driver to a dedicated server (see :func:`dedicated_server`)."""
    pw = server.s.password_file.read_text(encoding="utf-8").strip()
    return neo4j.GraphDatabase.driver(server.s.bolt_uri, auth=("neo4j", pw), **kwargs)


def emptied(driver: neo4j.Driver) -> neo4j.Driver:
    """The driver's database with the schema applied and every node deleted."""
    from graph.admin import wipe
    from graph.repository import apply_schema

    apply_schema(driver)
    wipe(driver)
    return driver


@contextlib.contextmanager
def api_client(connection: tuple[str, tuple[str, str], str], **env: str):
    """The real FastAPI app on the test Neo4j (``neo4j_connection``), with ``env`` set and the settings caches
    cleared before and after, as a ``TestClient``."""
    from fastapi.testclient import TestClient

    uri, (user, password), database = connection
    with pytest.MonkeyPatch.context() as mp:
        for k, v in {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password, "NEO4J_DATABASE": database,
                     **env}.items():
            mp.setenv(k, v)
        from api import auth
        from graph import settings

        caches = (settings.get_neo4j_settings, settings.get_local_server_settings, settings.get_path_settings)
        for f in caches:
            f.cache_clear()
        auth.reset_caches()
        from api.app import create_app

        try:
            with TestClient(create_app()) as c:
                yield c
        finally:
            for f in caches:
                f.cache_clear()
            auth.reset_caches()
