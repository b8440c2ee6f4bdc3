"""One Neo4j driver per process, created by the CLI command or the API lifespan — never at import."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import neo4j
from neo4j.exceptions import AuthError, ServiceUnavailable

from common.errors import ConfigError, DatabaseUnavailableError
from graph.settings import (
    LocalServerSettings,
    Neo4jSettings,
    get_local_server_settings,
    get_neo4j_settings,
)


def resolve_connection(
    settings: Neo4jSettings | None = None, local: LocalServerSettings | None = None
) -> tuple[str, tuple[str, str], str]:
    """(uri, auth, database): the external server when ``NEO4J_URI`` is set, else the local one."""
    settings = settings or get_neo4j_settings()
    local = local or get_local_server_settings()
    if settings.external:
        if not settings.password:
            raise ConfigError("NEO4J_URI is set but NEO4J_PASSWORD is not")
        return settings.uri or "", (settings.user, settings.password), settings.database
    pw_file = local.password_file
    if not pw_file.exists():
        raise ConfigError(
            f"the local Neo4j has no password file at {pw_file}: run `lantoa neo4j start` first "
            "(or set NEO4J_URI/NEO4J_PASSWORD for an external server)"
        )
    return local.bolt_uri, ("neo4j", pw_file.read_text(encoding="utf-8").strip()), settings.database


def open_driver(
    settings: Neo4jSettings | None = None, local: LocalServerSettings | None = None, *, verify: bool = True
) -> neo4j.Driver:
    """Create the process's driver and (optionally) check that the server answers."""
    settings = settings or get_neo4j_settings()
    uri, auth, _ = resolve_connection(settings, local)
    driver = neo4j.GraphDatabase.driver(
        uri,
        auth=auth,
        max_connection_pool_size=settings.max_connection_pool_size,
        connection_timeout=settings.connection_timeout_s,
        max_transaction_retry_time=settings.max_transaction_retry_time_s,
    )
    if verify:
        try:
            driver.verify_connectivity()
        except (ServiceUnavailable, OSError) as e:
            driver.close()
            raise DatabaseUnavailableError(f"Neo4j at {uri} does not answer: {e}") from e
        except AuthError as e:
            driver.close()
            raise ConfigError(f"Neo4j at {uri} refused the credentials: {e}") from e
    return driver


@contextmanager
def driver_session(**kwargs) -> Iterator[neo4j.Driver]:
    driver = open_driver(**kwargs)
    try:
        yield driver
    finally:
        driver.close()
