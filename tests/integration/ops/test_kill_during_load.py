"""Neo4j SIGKILLed in the middle of a batched load: the writer reports what was committed, the rest goes to
the on-disk spool (etl's SpoolingWriter + Spool), the server restarts, the spool is replayed and the graph
holds exactly the rows that were sent — no loss, no duplicates."""

from __future__ import annotations

import json
import threading
import time

import pytest

from etl.social_import import SpoolingWriter
from etl.spool import Spool
from graph.repository import BatchUnavailableError, GraphWriter
from tests.integration.ops.conftest import connect

pytestmark = pytest.mark.integration

N_ACCOUNTS = 6000
N_POSTS = 12000


def _accounts() -> list[dict]:
    return [{"id": f"fb:acc{i}", "platform": "fb", "handle": f"acc{i}", "name": f"Tài khoản {i}",
             "followers": i, "kind": "person", "verified": False, "created_at": None,
             "observed_at": "2025-07-01T08:00:00+07:00", "in_scope": True, "outlet": None}
            for i in range(N_ACCOUNTS)]


def _posts() -> list[dict]:
    return [{"id": f"fb:p{i}", "platform": "fb", "post_id": f"p{i}", "account_id": f"fb:acc{i % N_ACCOUNTS}",
             "created_at": "2025-07-01T09:00:00+07:00", "kind": "post", "text": f"Bài {i} về Việt Trì",
             "url": f"https://fb.example/p{i}", "links": [], "shared_url": None, "likes": i % 97,
             "shares": 0, "comments": 0, "views": None, "observed_at": "2025-07-01T10:00:00+07:00",
             "time_missing": False} for i in range(N_POSTS)]


def _counts(driver) -> tuple[int, int, int]:
    rec, _, _ = driver.execute_query(
        "CALL () { MATCH (a:Account) RETURN count(a) AS a } CALL () { MATCH (p:Post) RETURN count(p) AS p } "
        "CALL () { MATCH (:Account)-[r:POSTED]->(:Post) RETURN count(r) AS r } RETURN a, p, r")
    return rec[0]["a"], rec[0]["p"], rec[0]["r"]


def test_sigkill_during_load_then_spool_replay_gives_exact_counts(ops_server, ops_driver, tmp_path):
    spool = Spool(tmp_path / "spool")
    writer = GraphWriter(ops_driver, batch_size=250)
    sink = SpoolingWriter(writer, spool)
    errors: list[BaseException] = []

    def load() -> None:
        try:
            for stmt, rows in (("load/accounts", _accounts()), ("load/posts", _posts())):
                for i in range(0, len(rows), 1000):  # the importer's chunks
                    sink(stmt, rows[i:i + 1000])
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    t = threading.Thread(target=load)
    t.start()
    # kill once part of the load is in, mid-stream
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with connect(ops_server) as d:
            if _counts(d)[0] >= N_ACCOUNTS // 3:
                break
        time.sleep(0.05)
    assert ops_server.kill(), "the server was not running"
    t.join(timeout=180)
    assert not t.is_alive()
    assert not errors, errors
    assert sink.offline, "the kill happened after the load finished: nothing was tested"
    assert len(spool) > 0
    spooled_rows = sum(len(json.loads(p.read_text())["rows"]) for p in spool.pending())
    assert spooled_rows == sink.spooled > 0
    assert spooled_rows < N_ACCOUNTS + N_POSTS

    # the writer's contract against the dead server: what failed is handed back, nothing claimed as written
    probe = _accounts()[:30]
    with pytest.raises(BatchUnavailableError) as ei:
        GraphWriter(ops_driver, batch_size=20).write("load/accounts", probe)
    assert ei.value.committed_rows == 0 and ei.value.failed_rows == probe[:20]

    ops_server.start()
    with connect(ops_server) as d:
        partial = _counts(d)
        assert partial[0] < N_ACCOUNTS or partial[1] < N_POSTS
        res = spool.replay(GraphWriter(d, batch_size=1000))
        assert res.remaining == 0 and res.rows == spooled_rows
        assert len(spool) == 0
        assert _counts(d) == (N_ACCOUNTS, N_POSTS, N_POSTS)
        rec, _, _ = d.execute_query(
            "MATCH (a:Account)-[:POSTED]->(p:Post) WHERE p.likes <> toInteger(substring(p.id, 4)) % 97 "
            "OR a.id <> 'fb:acc' + toString(toInteger(substring(p.id, 4)) % $n) RETURN count(*) AS bad", n=N_ACCOUNTS)
        assert rec[0]["bad"] == 0
