"""The writer against the real Neo4j: idempotent batches, atomic failures, hostile values stored safely."""

from __future__ import annotations

import unicodedata

import neo4j
import pytest

from common.errors import CypherCatalogError, ValidationError
from graph.repository import BatchWriteError, GraphReader, GraphWriter


def rows(n: int, prefix: str = "a") -> list[dict]:
    return [
        {
            "id": f"{prefix}{i}",
            "url": f"https://baophutho.example/{prefix}{i}.html",
            "title": f"Bài {i}",
            "text": "Việt Trì",
            "published_at": "2025-07-03T08:15:00+07:00",
            "outlet_id": f"outlet{i % 3}.example",
            "authors": [{"id": f"j{i % 5}", "name": f"Nhà báo {i % 5}"}],
        }
        for i in range(n)
    ]


def snapshot(driver: neo4j.Driver) -> tuple[int, int, list]:
    recs, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
    rels, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n")
    props, _, _ = driver.execute_query(
        "MATCH (a:Article) RETURN a.id AS id, a.title AS t, toString(a.published_at) AS p ORDER BY id"
    )
    return recs[0]["n"], rels[0]["n"], [r.data() for r in props]


def test_loading_the_same_batch_twice_leaves_the_same_graph(clean_db):
    w = GraphWriter(clean_db, batch_size=7)
    first = w.write("load/articles", rows(50))
    assert first.rows == 50 and first.batches == 8
    snap1 = snapshot(clean_db)
    w.write("load/articles", rows(50))
    assert snapshot(clean_db) == snap1
    assert snap1[0] == 50 + 3 + 5  # articles, outlets, journalists
    recs, _, _ = clean_db.execute_query(
        "MATCH (a:Article {id:'a4'})-[:PUBLISHED_BY]->(o) MATCH (j)-[:WROTE]->(a) "
        "RETURN o.id AS o, j.id AS j, a.published_at AS p"
    )
    assert recs[0]["o"] == "outlet1.example" and recs[0]["j"] == "j4"
    assert recs[0]["p"].utcoffset().total_seconds() == 7 * 3600


def test_row_without_key_writes_nothing_of_its_batch(clean_db):
    bad = rows(5)
    del bad[3]["url"]
    with pytest.raises(ValidationError, match="row 3 has no value for its key 'url'"):
        GraphWriter(clean_db).write("load/articles", bad)
    assert snapshot(clean_db)[0] == 0


def test_failed_batch_is_rolled_back_whole(clean_db):
    data = rows(10)
    data[6]["published_at"] = "không phải ngày tháng"  # the database refuses to parse it
    with pytest.raises(BatchWriteError) as info:
        GraphWriter(clean_db, batch_size=5).write("load/articles", data)
    assert info.value.committed_rows == 5
    assert len(info.value.failed_rows) == 5
    ids = [r["id"] for r in snapshot(clean_db)[2]]
    assert ids == ["a0", "a1", "a2", "a3", "a4"]  # the first batch only, nothing of the second


def test_hostile_and_odd_text_is_stored_verbatim(clean_db):
    nfd = unicodedata.normalize("NFD", "Thủy điện Hòa Bình")
    cypher_like = "'}) MATCH (n) DETACH DELETE n //\" ; DROP CONSTRAINT article_id"
    big = "Phú Thọ " * 1_300_000  # ~10 MB
    data = rows(3)
    data[0]["title"] = nfd
    data[1]["title"] = cypher_like
    data[2]["text"] = big
    GraphWriter(clean_db).write("load/articles", data)
    recs, _, _ = clean_db.execute_query("MATCH (a:Article) RETURN a.id AS id, a.title AS t, size(a.text) AS n")
    by_id = {r["id"]: r for r in recs}
    assert by_id["a0"]["t"] == nfd and by_id["a0"]["t"] != unicodedata.normalize("NFC", nfd)
    assert by_id["a1"]["t"] == cypher_like
    assert by_id["a2"]["n"] == len(big)
    assert snapshot(clean_db)[0] == 3 + 3 + 3


def test_reader_runs_in_read_transactions(clean_db):
    reader = GraphReader(clean_db)
    with pytest.raises(CypherCatalogError, match="not a read"):
        reader.read("load/articles", {"rows": []})
    out = reader.read("read/server_version")
    assert out[0]["version"].startswith("5.26")
    with clean_db.session(default_access_mode=neo4j.READ_ACCESS) as s:
        with pytest.raises(neo4j.exceptions.ClientError, match="read access mode"):
            s.execute_read(lambda tx: tx.run("CREATE (:Article {id: 'sneaky'})").consume())
