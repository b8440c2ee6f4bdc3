"""Reads and writes through named Cypher statements.

Writes are batched ``UNWIND $rows … MERGE`` statements run in managed write transactions
(``execute_write``). Each batch is one transaction: it commits whole or not at all, and because every
load statement MERGEs on keys, running a batch twice (a retry) leaves the same graph.

Reads run in managed read transactions, so a statement cannot write even if it tried.

This module is the one door into Neo4j: nothing else in the project opens a session. Besides batched loads
(:meth:`GraphWriter.write`) and reads (:meth:`GraphReader.read`, :meth:`GraphReader.stream`) it offers

* :meth:`GraphWriter.run` — one named write statement, run once, returning its rows;
* :meth:`GraphWriter.unit_of_work` — several named statements in one managed transaction (all or nothing);
* :meth:`GraphWriter.run_in_transactions` — a ``CALL … IN TRANSACTIONS`` statement (header ``// commit: auto``),
  which needs an auto-commit transaction (wipe, prune);
* :meth:`GraphWriter.run_schema` and :func:`apply_schema` — constraints and indexes.

Managed transaction functions may be retried by the driver, so everything run through them must be safe to run
twice. The driver's errors become :class:`~common.errors.DatabaseError` (the query failed) or
:class:`~common.errors.DatabaseUnavailableError` (the database went away) in one place, :func:`database_errors`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from common.errors import CypherCatalogError, DatabaseError, DatabaseUnavailableError, ValidationError
from graph import cypher_loader

log = logging.getLogger(__name__)

MAX_STRING_CHARS = 16 * 1024 * 1024  # a single property value larger than this is refused
AUTO_COMMIT = "auto"  # the ``// commit: auto`` header of CALL … IN TRANSACTIONS statements

T = TypeVar("T")


@contextmanager
def database_errors(what: str | Callable[[], str]) -> Iterator[None]:
    """The one place where the driver's errors become ours (``raise … from e``): the database went away →
    :class:`DatabaseUnavailableError`; anything else the server or driver refused → :class:`DatabaseError`.
    ``what`` names the work in the message (a callable is asked only when something failed)."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired, OSError) as e:
        name = what() if callable(what) else what
        raise DatabaseUnavailableError(f"{name}: the database does not answer: {e}") from e
    except (Neo4jError, DriverError) as e:
        name = what() if callable(what) else what
        raise DatabaseError(f"{name} failed: {getattr(e, 'message', None) or e}") from e


def _statement(name: str, modes: tuple[str, ...], *, auto_commit: bool = False) -> cypher_loader.Statement:
    """The named statement, refused unless its mode is one of ``modes`` and its commit header fits the call."""
    stmt = cypher_loader.load(name)
    if stmt.mode not in modes:
        raise CypherCatalogError(f"{name} is a {stmt.mode} statement, not a {' or '.join(modes)}")
    is_auto = stmt.header.get("commit", "").strip() == AUTO_COMMIT
    if is_auto and not auto_commit:
        raise CypherCatalogError(f"{name} commits its own transactions (// commit: auto): use run_in_transactions")
    if auto_commit and not is_auto and stmt.mode != "schema":
        raise CypherCatalogError(f"{name} has no '// commit: auto' header: run it in a managed transaction")
    return stmt


def _params(stmt: cypher_loader.Statement, params: Mapping[str, Any] | None) -> dict[str, Any]:
    """``params`` exactly as the statement's header declares them."""
    given = dict(params or {})
    if set(given) != set(stmt.params):
        raise CypherCatalogError(f"{stmt.name} takes {sorted(stmt.params)}, was given {sorted(given)}")
    return given


def _counters(summary: neo4j.ResultSummary) -> dict[str, int]:
    c = summary.counters
    return {
        "nodes_created": c.nodes_created,
        "relationships_created": c.relationships_created,
        "properties_set": c.properties_set,
        "nodes_deleted": c.nodes_deleted,
        "relationships_deleted": c.relationships_deleted,
    }


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
        stmt = _statement(statement, ("write",))
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
                with database_errors(f"{statement}: batch starting at row {result.rows}"):
                    counters = self._run_write(stmt.text, params)
            except DatabaseUnavailableError as e:
                raise BatchUnavailableError(str(e), committed_rows=result.rows, failed_rows=batch) from e.__cause__
            except DatabaseError as e:
                raise BatchWriteError(str(e), committed_rows=result.rows, failed_rows=batch) from e.__cause__
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
            return _counters(tx.run(text, params).consume())

        with self._driver.session(database=self._database) as session:
            return session.execute_write(work)

    def run(self, statement: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one named write statement once, in one managed write transaction, and return its rows
        (a retention batch and its count, a data subject's erasure, a restore batch and the ids it made).

        The driver may retry the transaction: the statement must be safe to run twice."""
        return self.unit_of_work(lambda uow: uow.run(statement, params))

    def unit_of_work(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run ``work`` in one managed write transaction and return what it returns.

        Every statement ``work`` runs through its :class:`UnitOfWork` commits together or not at all: an
        exception raised by ``work`` (ours or the database's) rolls the whole transaction back and propagates.
        The driver retries ``work`` after a transient failure, so ``work`` must be safe to run twice (no side
        effects outside the transaction; take the time and read the state again inside it)::

            def append(uow):
                head = uow.single("auth/audit_lock_head")   # the lock is held until the commit
                return uow.single("auth/audit_append", {...head...})

            writer.unit_of_work(append)
        """
        ran: list[str] = []

        def managed(tx: neo4j.ManagedTransaction) -> T:
            return work(UnitOfWork(tx, ran))

        with database_errors(lambda: " + ".join(dict.fromkeys(ran)) or "unit of work"):
            with self._driver.session(database=self._database) as session:
                return session.execute_write(managed)

    def run_in_transactions(self, statement: str, params: Mapping[str, Any] | None = None) -> dict[str, int]:
        """Run one named ``CALL … IN TRANSACTIONS`` statement (header ``// commit: auto``) in the auto-commit
        transaction it needs, and return its counters. It commits batch by batch, so a failure part-way keeps
        the batches before it; such statements delete what is left and may simply be run again."""
        stmt = _statement(statement, ("write",), auto_commit=True)
        params = _params(stmt, params)
        with database_errors(statement), self._driver.session(database=self._database) as session:
            return _counters(session.run(stmt.text, params).consume())

    def run_schema(self, statements: Iterable[str]) -> list[str]:
        """Run named schema statements (``// mode: schema``: ``CREATE … IF NOT EXISTS``, ``CALL db.awaitIndexes``),
        each in its own auto-commit transaction as schema commands need. Idempotent. Returns the names run."""
        applied = []
        with self._driver.session(database=self._database) as session:
            for name in statements:
                stmt = _statement(name, ("schema",), auto_commit=True)
                with database_errors(name):
                    session.run(stmt.text, _params(stmt, None)).consume()
                applied.append(name)
        return applied


class UnitOfWork:
    """Named statements inside one managed write transaction (see :meth:`GraphWriter.unit_of_work`)."""

    def __init__(self, tx: neo4j.ManagedTransaction, ran: list[str] | None = None) -> None:
        self._tx = tx
        self._ran = ran if ran is not None else []

    def run(self, statement: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a named read or write statement in this transaction; its rows as plain dicts."""
        stmt = _statement(statement, ("write", "read"))
        params = _params(stmt, params)
        self._ran.append(statement)
        return [r.data() for r in self._tx.run(stmt.text, params)]

    def single(self, statement: str, params: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
        """The one row a statement returns (None when it returns none; more than one is an error)."""
        rows = self.run(statement, params)
        if len(rows) > 1:
            raise DatabaseError(f"{statement} returned {len(rows)} rows where one was expected")
        return rows[0] if rows else None


class GraphReader:
    """Runs named read statements in read transactions and returns plain dicts."""

    def __init__(self, driver: neo4j.Driver, *, database: str = "neo4j") -> None:
        self._driver = driver
        self._database = database

    @staticmethod
    def _checked(statement: str, params: Mapping[str, Any] | None) -> tuple[cypher_loader.Statement, dict[str, Any]]:
        """The named read statement and its parameters, exactly as its header declares them."""
        stmt = _statement(statement, ("read",))
        return stmt, _params(stmt, params)

    def read(self, statement: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        stmt, params = self._checked(statement, params)

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(stmt.text, params)]

        with database_errors(statement):
            with self._driver.session(database=self._database, default_access_mode=neo4j.READ_ACCESS) as s:
                return s.execute_read(work)

    def read_scalars(self, statement: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """As :meth:`read`, for statements that return only scalars and lists of scalars (no nodes, no temporal
        values): each record is zipped into a dict as it comes, without the driver's recursive ``data()``
        (half the time of a 30k-row read). Return times as ``epochMillis`` for these."""
        stmt, params = self._checked(statement, params)

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            result = tx.run(stmt.text, params)
            keys = result.keys()
            return [dict(zip(keys, r.values(), strict=True)) for r in result]

        with database_errors(statement):
            with self._driver.session(database=self._database, default_access_mode=neo4j.READ_ACCESS) as s:
                return s.execute_read(work)

    def stream(
        self, statement: str, params: Mapping[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Stream a large read record by record (for projections)."""
        stmt, params = self._checked(statement, params)
        with database_errors(statement), self._driver.session(
            database=self._database, default_access_mode=neo4j.READ_ACCESS, fetch_size=10_000
        ) as s:
            with s.begin_transaction() as tx:
                for record in tx.run(stmt.text, params):
                    yield record.data()


def apply_schema(driver: neo4j.Driver, *, database: str = "neo4j") -> list[str]:
    """Create every constraint and index in ``cypher/schema`` (idempotent: ``IF NOT EXISTS``) and wait until
    the indexes are online. Returns the names of the schema statements."""
    writer = GraphWriter(driver, database=database)
    applied = writer.run_schema(cypher_loader.names("schema"))
    writer.run_schema(["admin/await_indexes"])
    return applied
