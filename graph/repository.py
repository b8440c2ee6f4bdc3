"""Reads and writes through named Cypher statements.

Writes are batched ``UNWIND $rows … MERGE`` statements run in managed write transactions
(``execute_write``). Each batch is one transaction: it commits whole or not at all, and because every
load statement MERGEs on keys, running a batch twice (a retry) leaves the same graph.

Reads run in managed read transactions, so a statement cannot write even if it tried.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import neo4j
from neo4j.exceptions import (
    ClientError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.exceptions import (
    DatabaseError as Neo4jDatabaseError,
)

from common.errors import CypherCatalogError, DatabaseError, DatabaseUnavailableError, ValidationError
from graph import cypher_loader

log = logging.getLogger(__name__)

MAX_STRING_CHARS = 16 * 1024 * 1024  # a single property value larger than this is refused


@dataclass(slots=True)
class WriteResult:
    statement: str
    rows: int = 0
    batches: int = 0
    counters: dict[str, int] = field(default_factory=dict)

    def add(self, counters: Mapping[str, int]) -> None:
        for k, v in counters.items():
            if isinstance(v, int) and v:
                self.counters[k] = self.counters.get(k, 0) + v


class BatchWriteError(DatabaseError):
    """A batch failed; ``committed_rows`` rows before it were written, the rest were not."""

    def __init__(self, message: str, *, committed_rows: int, failed_rows: list[dict]) -> None:
        super().__init__(message)
        self.committed_rows = committed_rows
        self.failed_rows = failed_rows


class BatchUnavailableError(DatabaseUnavailableError):
    """The database went away during a write; ``failed_rows`` (and all later rows) were not written."""

    def __init__(self, message: str, *, committed_rows: int, failed_rows: list[dict]) -> None:
        super().__init__(message)
        self.committed_rows = committed_rows
        self.failed_rows = failed_rows


def _row_keys(stmt: cypher_loader.Statement) -> tuple[str, ...]:
    raw = stmt.header.get("row_keys", "").strip()
    return tuple(k.strip() for k in raw.split(",") if k.strip())


def _check_value(path: str, value: Any) -> None:
    if isinstance(value, str):
        if len(value) > MAX_STRING_CHARS:
            raise ValidationError(f"{path}: text of {len(value):,} characters exceeds {MAX_STRING_CHARS:,}")
        if "\x00" in value:
            raise ValidationError(f"{path}: text contains a NUL character")
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _check_value(f"{path}.{k}", v)
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _check_value(f"{path}[{i}]", v)


def validate_rows(statement: str, rows: list[dict], keys: tuple[str, ...], offset: int = 0) -> None:
    """Raise :class:`ValidationError` naming the first bad row; nothing is written then."""
    for i, row in enumerate(rows, start=offset):
        if not isinstance(row, Mapping):
            raise ValidationError(f"{statement}: row {i} is {type(row).__name__}, not an object")
        for k in keys:
            v = row.get(k)
            if v is None or (isinstance(v, str) and not v.strip()):
                raise ValidationError(f"{statement}: row {i} has no value for its key {k!r}")
        _check_value(f"{statement}: row {i}", row)


def _batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


class GraphWriter:
    """Batched, idempotent writes through named ``cypher/load`` (or other write) statements."""

    def __init__(self, driver: neo4j.Driver, *, database: str = "neo4j", batch_size: int = 1000) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self._driver = driver
        self._database = database
        self._batch_size = batch_size

    def write(
        self,
        statement: str,
        rows: Iterable[dict],
        *,
        batch_size: int | None = None,
        extra_params: Mapping[str, Any] | None = None,
        on_batch: Callable[[int], None] | None = None,
    ) -> WriteResult:
        stmt = cypher_loader.load(statement)
        if stmt.mode != "write":
            raise CypherCatalogError(f"{statement} is a {stmt.mode} statement, not a write")
        expected = set(stmt.params)
        given = {"rows", *(extra_params or {})}
        if expected != given:
            raise CypherCatalogError(f"{statement} takes {sorted(expected)}, was given {sorted(given)}")
        keys = _row_keys(stmt)
        result = WriteResult(statement=statement)
        size = batch_size or self._batch_size
        for batch in _batches(rows, size):
            validate_rows(statement, batch, keys, offset=result.rows)
            params = {"rows": batch, **(extra_params or {})}
            try:
                counters = self._run_write(stmt.text, params)
            except (ServiceUnavailable, SessionExpired, OSError) as e:
                raise BatchUnavailableError(
                    f"{statement}: the database went away after {result.rows} rows: {e}",
                    committed_rows=result.rows, failed_rows=batch,
                ) from e
            except (ClientError, Neo4jDatabaseError, TransientError) as e:
                raise BatchWriteError(
                    f"{statement}: batch starting at row {result.rows} failed: {e.message or e}",
                    committed_rows=result.rows, failed_rows=batch,
                ) from e
            result.rows += len(batch)
            result.batches += 1
            result.add(counters)
            if on_batch:
                on_batch(len(batch))
        return result

    def write_one_per_transaction(self, statement: str, rows: Iterable[dict]) -> WriteResult:
        """The slow path, one transaction per row (kept for the benchmark's comparison)."""
        return self.write(statement, rows, batch_size=1)

    def _run_write(self, text: str, params: dict) -> dict[str, int]:
        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            summary = tx.run(text, params).consume()
            c = summary.counters
            return {
                "nodes_created": c.nodes_created,
                "relationships_created": c.relationships_created,
                "properties_set": c.properties_set,
                "nodes_deleted": c.nodes_deleted,
                "relationships_deleted": c.relationships_deleted,
            }

        with self._driver.session(database=self._database) as session:
            return session.execute_write(work)


class GraphReader:
    """Runs named read statements in read transactions and returns plain dicts."""

    def __init__(self, driver: neo4j.Driver, *, database: str = "neo4j") -> None:
        self._driver = driver
        self._database = database

    @staticmethod
    def _checked(statement: str, params: Mapping[str, Any] | None) -> tuple[cypher_loader.Statement, dict[str, Any]]:
        """The named read statement and its parameters, exactly as its header declares them."""
        stmt = cypher_loader.load(statement)
        if stmt.mode != "read":
            raise CypherCatalogError(f"{statement} is a {stmt.mode} statement, not a read")
        given = dict(params or {})
        if set(given) != set(stmt.params):
            raise CypherCatalogError(f"{statement} takes {sorted(stmt.params)}, was given {sorted(given)}")
        return stmt, given

    def read(self, statement: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        stmt, params = self._checked(statement, params)

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(stmt.text, params)]

        try:
            with self._driver.session(database=self._database, default_access_mode=neo4j.READ_ACCESS) as s:
                return s.execute_read(work)
        except (ServiceUnavailable, SessionExpired) as e:
            raise DatabaseUnavailableError(f"{statement}: the database does not answer: {e}") from e
        except (ClientError, Neo4jDatabaseError) as e:
            raise DatabaseError(f"{statement} failed: {e.message or e}") from e

    def stream(
        self, statement: str, params: Mapping[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Stream a large read record by record (for projections)."""
        stmt, params = self._checked(statement, params)
        with self._driver.session(
            database=self._database, default_access_mode=neo4j.READ_ACCESS, fetch_size=10_000
        ) as s:
            with s.begin_transaction() as tx:
                for record in tx.run(stmt.text, params):
                    yield record.data()


def apply_schema(driver: neo4j.Driver, *, database: str = "neo4j") -> list[str]:
    """Create every constraint and index in ``cypher/schema`` (idempotent: ``IF NOT EXISTS``)."""
    applied = []
    with driver.session(database=database) as session:
        for name in cypher_loader.names("schema"):
            stmt = cypher_loader.load(name)
            if stmt.mode != "schema":
                raise CypherCatalogError(f"{name} is in schema/ but is a {stmt.mode} statement")
            session.run(stmt.text).consume()
            applied.append(name)
        session.run(cypher_loader.load("admin/await_indexes").text).consume()
    return applied
