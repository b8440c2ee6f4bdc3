"""The repository as the one door into Neo4j, against the real server: a unit of work commits whole or not at all,
named writes return their rows, CALL … IN TRANSACTIONS statements run auto-commit, and losing the database mid-way
raises DatabaseUnavailableError with nothing half-written."""

from __future__ import annotations

import socket
import threading

import neo4j
import pytest

from common.errors import CypherCatalogError, DatabaseError, DatabaseUnavailableError
from graph.repository import GraphReader, GraphWriter, UnitOfWork

pytestmark = pytest.mark.integration


def article(i: int, **over) -> dict:
    row = {"id": f"a{i}", "url": f"https://baophutho.example/a{i}.html", "title": f"Bài {i}", "text": "Việt Trì",
           "published_at": "2025-07-03T08:15:00+07:00", "outlet_id": "baophutho.example", "authors": []}
    return {**row, **over}


def count_articles(driver: neo4j.Driver) -> int:
    return sum(r["count"] for r in GraphReader(driver).read("read/count_by_label") if r["label"] == "Article")


def test_unit_of_work_commits_every_statement_together(clean_db):
    def work(uow: UnitOfWork) -> int:
        uow.run("load/articles", {"rows": [article(1), article(2)]})
        uow.run("load/articles", {"rows": [article(3)]})
        return len(uow.run("read/etl_article_ids"))  # a read in the same transaction sees its writes

    assert GraphWriter(clean_db).unit_of_work(work) == 3
    assert count_articles(clean_db) == 3


def test_unit_of_work_rolls_back_whole_when_work_raises(clean_db):
    def work(uow: UnitOfWork) -> None:
        uow.run("load/articles", {"rows": [article(1), article(2)]})
        raise ValueError("the caller changed its mind")

    with pytest.raises(ValueError, match="changed its mind"):
        GraphWriter(clean_db).unit_of_work(work)
    assert count_articles(clean_db) == 0


def test_unit_of_work_rolls_back_whole_when_a_later_statement_fails(clean_db):
    def work(uow: UnitOfWork) -> None:
        uow.run("load/articles", {"rows": [article(1)]})
        uow.run("load/articles", {"rows": [article(2, published_at="không phải ngày tháng")]})

    with pytest.raises(DatabaseError, match="load/articles failed") as info:
        GraphWriter(clean_db).unit_of_work(work)
    assert not isinstance(info.value, DatabaseUnavailableError)
    assert isinstance(info.value.__cause__, neo4j.exceptions.Neo4jError)
    assert count_articles(clean_db) == 0


def test_run_returns_the_rows_of_one_named_write(clean_db):
    rows = GraphWriter(clean_db).run("auth/audit_lock_head")
    assert rows == [{"seq": 0, "head": ""}]
    with pytest.raises(CypherCatalogError, match="takes"):
        GraphWriter(clean_db).run("auth/audit_lock_head", {"extra": 1})
    with pytest.raises(CypherCatalogError, match="not a write or read"):
        GraphWriter(clean_db).run("schema/constraint_article_id")


def test_statements_that_commit_their_own_batches_run_auto_commit_only(clean_db):
    w = GraphWriter(clean_db)
    w.write("load/articles", [article(i) for i in range(5)])
    with pytest.raises(CypherCatalogError, match="run_in_transactions"):
        w.run("admin/wipe")
    with pytest.raises(CypherCatalogError, match="commit: auto"):
        w.run_in_transactions("load/articles", {"rows": []})
    w.run_in_transactions("admin/wipe_relationships")
    counters = w.run_in_transactions("admin/wipe")
    assert counters["nodes_deleted"] == 5 + 1  # articles and their outlet
    assert count_articles(clean_db) == 0


def test_schema_statements_are_idempotent(clean_db):
    w = GraphWriter(clean_db)
    assert w.run_schema(["schema/constraint_article_id", "admin/await_indexes"]) == [
        "schema/constraint_article_id", "admin/await_indexes"]
    w.run_schema(["schema/constraint_article_id"])
    with pytest.raises(CypherCatalogError, match="not a schema"):
        w.run_schema(["load/articles"])


# ------------------------------------------------------------------ losing the database mid-way
class CuttableProxy:
    """A TCP relay in front of the real server; ``cut()`` drops every connection and stops accepting, as a crashed
    server or a pulled cable would."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close() alone would not
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            for s in self.sockets:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()


@pytest.fixture()
def proxied(clean_db, neo4j_connection):
    uri, auth, database = neo4j_connection
    host, port = uri.split("://", 1)[1].rsplit(":", 1)
    proxy = CuttableProxy((host, int(port)))
    driver = neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{proxy.port}", auth=auth, connection_timeout=1,
                                        max_transaction_retry_time=1)
    yield proxy, driver, database
    driver.close()
    proxy.cut()


def test_a_unit_of_work_that_loses_the_database_mid_way_raises_unavailable_and_writes_nothing(proxied, clean_db):
    proxy, driver, database = proxied
    attempts = []

    def work(uow: UnitOfWork) -> None:
        attempts.append(1)
        uow.run("load/articles", {"rows": [article(1), article(2)]})
        proxy.cut()  # the database goes away between two statements of one transaction
        uow.run("load/articles", {"rows": [article(3)]})

    with pytest.raises(DatabaseUnavailableError, match="load/articles: the database does not answer"):
        GraphWriter(driver, database=database).unit_of_work(work)
    assert len(attempts) >= 1
    assert count_articles(clean_db) == 0  # through the real server directly: nothing of the transaction stayed


def test_reads_and_writes_after_the_database_went_away_raise_unavailable(proxied, clean_db):
    proxy, driver, database = proxied
    GraphWriter(driver, database=database).write("load/articles", [article(1)])
    proxy.cut()
    with pytest.raises(DatabaseUnavailableError):
        GraphReader(driver, database=database).read("read/server_version")
    with pytest.raises(DatabaseUnavailableError):
        list(GraphReader(driver, database=database).stream("read/projection_accounts"))
    with pytest.raises(DatabaseUnavailableError):
        GraphWriter(driver, database=database).run("auth/audit_lock_head")
    with pytest.raises(DatabaseUnavailableError):
        GraphWriter(driver, database=database).run_in_transactions("admin/wipe")
    assert count_articles(clean_db) == 1
