"""backup → wipe → restore on the real Neo4j: exact counts, equal labels/types/properties (typed values
included), the evidence store byte-identical, and a tampered archive refused before anything is touched."""

from __future__ import annotations

import math
import tarfile
from pathlib import Path

import neo4j
import pytest

from etl.evidence import EvidenceStore
from graph.admin import wipe
from operations.backup import (
    BackupError,
    BackupTamperedError,
    create_backup,
    create_dump_backup,
    restore_backup,
    verify_backup,
)

pytestmark = pytest.mark.integration

SEED = """
UNWIND range(1, $n) AS i
CREATE (a:Account {id: 'fb:user' + i, name: 'Người dùng số ' + i, followers: i * 10, verified: i % 2 = 0})
CREATE (p:Post {id: 'fb:post' + i, text: 'Bài viết về Phú Thọ ' + i, likes: i, created_at: datetime('2025-07-01T08:00:00+07:00') + duration({minutes: i})})
CREATE (a)-[:POSTED]->(p)
"""
TYPED = """
CREATE (x:Probe:Extra {id: 'probe',
  dt_zone: datetime('2025-07-01T08:30:15.123456789[Asia/Ho_Chi_Minh]'),
  dt_off: datetime('2024-02-29T23:59:59-05:00'), ldt: localdatetime('2025-01-01T00:00:00'),
  d: date('2025-07-01'), t: time('10:11:12+07:00'), lt: localtime('23:00'),
  dur: duration('P1Y2M3DT4H5M6.007S'), p2: point({x: 1.5, y: -2.0}), p3: point({x: 1, y: 2, z: 3}),
  geo: point({longitude: 105.2, latitude: 21.3}), geo3: point({longitude: 105.2, latitude: 21.3, height: 12.0}),
  big: 9007199254740993, neg: -1, f: 0.1, inf: 1.0/0.0, ninf: -1.0/0.0, s: 'Lan Tỏa — “trích dẫn” \\n\\t',
  empty: '', ints: [1, 2, 3], strs: ['a', 'ắ'], dts: [date('2020-01-01'), date('2021-02-03')],
  bools: [true, false], blob: $blob})
CREATE (y:Probe {id: 'loop'})
CREATE (x)-[:LINKS {w: 0.5, at: datetime('2025-07-01T00:00:00Z')}]->(y)
CREATE (x)-[:LINKS {w: 0.7}]->(y)
CREATE (y)-[:SELF]->(y)
CREATE (:Unlabelled_free)
"""


def _snapshot(driver: neo4j.Driver) -> tuple[list, list]:
    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS l, properties(n) AS p, "
        "[k IN keys(n) | [k, valueType(n[k]), toStringOrNull(n[k])]] AS s ORDER BY coalesce(n.id, '') , size(labels(n))")
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p, "
        "[k IN keys(r) | [k, valueType(r[k]), toStringOrNull(r[k])]] AS s")

    def canon_node(r):
        return (sorted(r["l"]), sorted(r["s"]), _norm(r["p"]))

    def canon_rel(r):
        return (r["a"], r["t"], r["b"], sorted(r["s"]), _norm(r["p"]))

    return (sorted((canon_node(r) for r in nodes), key=repr), sorted((canon_rel(r) for r in rels), key=repr))


def _norm(props: dict) -> list:
    out = []
    for k, v in sorted(props.items()):
        if isinstance(v, float) and math.isinf(v):
            v = ("inf", v > 0)
        out.append((k, type(v).__name__, repr(v)))
    return out


def _fill(driver: neo4j.Driver, evidence: Path, n: int = 300) -> EvidenceStore:
    driver.execute_query(SEED, n=n)
    driver.execute_query(TYPED, blob=bytes(range(256)))
    store = EvidenceStore(evidence)
    for i in range(20):
        store.store(f"<html><body>Trang {i} — Phú Thọ</body></html>".encode(), url=f"https://bao.vn/{i}.html")
    return store


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_export_backup_wipe_restore_round_trip(ops_driver, tmp_path):
    evidence = tmp_path / "evidence"
    _fill(ops_driver, evidence)
    before = _snapshot(ops_driver)
    tree_before = _tree(evidence)

    res = create_backup(ops_driver, tmp_path / "b.tar", evidence_dir=evidence, key=b"k" * 32)
    assert res.manifest.counts == {"nodes": 300 * 2 + 3, "relationships": 300 + 3}
    assert res.manifest.labels["Account"] == 300
    assert res.manifest.evidence_files == len(tree_before) == 40
    assert verify_backup(res.path, key=b"k" * 32).ok

    wipe(ops_driver)
    restore_dir = tmp_path / "restored-evidence"
    out = restore_backup(ops_driver, res.path, evidence_dir=restore_dir, key=b"k" * 32)
    assert (out.nodes, out.relationships, out.evidence_files) == (603, 303, 40)
    assert out.missing_schema == []
    after = _snapshot(ops_driver)
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert _tree(restore_dir) == tree_before
    # the restored store still verifies its pages
    store = EvidenceStore(restore_dir)
    sha = next(iter(tree_before)).split("/")[-1].split(".")[0]
    assert store.read(sha)

    zone, _, _ = ops_driver.execute_query("MATCH (x:Probe {id: 'probe'}) RETURN toString(x.dt_zone) AS z")
    assert zone[0]["z"] == "2025-07-01T08:30:15.123456789+07:00[Asia/Ho_Chi_Minh]"


def test_restore_refuses_a_non_empty_database_unless_replace(ops_driver, tmp_path):
    _fill(ops_driver, tmp_path / "ev", n=5)
    res = create_backup(ops_driver, tmp_path / "b.tar")
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(ops_driver, res.path)
    ops_driver.execute_query("CREATE (:Account {id: 'extra'})")
    out = restore_backup(ops_driver, res.path, replace=True)
    assert out.nodes == 13
    rec, _, _ = ops_driver.execute_query("MATCH (a:Account {id: 'extra'}) RETURN count(a) AS c")
    assert rec[0]["c"] == 0


def _rewrite_member(src: Path, dst: Path, name: str, change) -> None:
    with tarfile.open(src, "r:") as tin, tarfile.open(dst, "w", format=tarfile.PAX_FORMAT) as tout:
        for m in tin.getmembers():
            data = tin.extractfile(m).read()
            if m.name == name:
                data = change(data)
                m.size = len(data)
            import io

            tout.addfile(m, io.BytesIO(data))


@pytest.mark.parametrize("target", ["graph/nodes.jsonl.gz", "evidence", "manifest.json"])
def test_tampered_archive_is_refused_and_nothing_is_touched(ops_driver, tmp_path, target):
    evidence = tmp_path / "ev"
    _fill(ops_driver, evidence, n=5)
    res = create_backup(ops_driver, tmp_path / "b.tar", evidence_dir=evidence)
    with tarfile.open(res.path) as tf:
        names = tf.getnames()
    name = next(n for n in names if n.startswith(target))

    def flip(data: bytes) -> bytes:
        if name == "manifest.json":
            return data.replace(b'"nodes": 13', b'"nodes": 14')
        return data[:-9] + bytes([data[-9] ^ 1]) + data[-8:]

    bad = tmp_path / "bad.tar"
    _rewrite_member(res.path, bad, name, flip)
    rep = verify_backup(bad)
    if name == "manifest.json":
        # without a key an edited manifest is only caught when it disagrees with the data: restore's count check
        assert rep.ok
        wipe(ops_driver)
        with pytest.raises(BackupError, match="backup holds"):
            restore_backup(ops_driver, bad)
        # with the key the edit is caught before anything happens
        signed = create_backup(ops_driver, tmp_path / "s.tar", key=b"secret-key")
        bad2 = tmp_path / "bad2.tar"
        _rewrite_member(signed.path, bad2, "manifest.json", lambda d: d.replace(b'"nodes": 13', b'"nodes": 14'))
        assert not verify_backup(bad2, key=b"secret-key").ok
        with pytest.raises(BackupTamperedError, match="HMAC"):
            restore_backup(ops_driver, bad2, key=b"secret-key")
        return
    assert not rep.ok and any(name in p for p in rep.problems)
    wipe(ops_driver)
    ops_driver.execute_query("CREATE (:Marker {id: 'untouched'})")
    with pytest.raises(BackupTamperedError):
        restore_backup(ops_driver, bad, replace=True, evidence_dir=tmp_path / "new-ev")
    rec, _, _ = ops_driver.execute_query("MATCH (n) RETURN collect(n.id) AS ids")
    assert rec[0]["ids"] == ["untouched"]
    assert not (tmp_path / "new-ev").exists()


def test_unsigned_archive_refused_when_a_key_is_configured(ops_driver, tmp_path):
    _fill(ops_driver, tmp_path / "ev", n=2)
    res = create_backup(ops_driver, tmp_path / "b.tar")
    rep = verify_backup(res.path, key=b"configured")
    assert not rep.ok and "not signed" in rep.problems[0]


def test_truncated_archive_is_refused(ops_driver, tmp_path):
    _fill(ops_driver, tmp_path / "ev", n=50)
    res = create_backup(ops_driver, tmp_path / "b.tar", evidence_dir=tmp_path / "ev")
    data = res.path.read_bytes()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(data[: len(data) // 2])
    assert not verify_backup(cut).ok
    with pytest.raises(BackupTamperedError):
        restore_backup(ops_driver, cut)


def test_offline_dump_round_trip(ops_server, ops_driver, tmp_path):
    evidence = tmp_path / "ev"
    _fill(ops_driver, evidence, n=40)
    before = _snapshot(ops_driver)
    ops_driver.close()
    res = create_dump_backup(ops_server, tmp_path / "d.tar", evidence_dir=evidence)
    assert res.manifest.mode == "dump" and res.manifest.counts == {"nodes": 83, "relationships": 43}
    from tests.integration.ops.conftest import connect  # noqa: PLC0415

    with connect(ops_server) as d:
        wipe(d)
        d.execute_query("CREATE (:Account {id: 'after-dump'})")
    out = restore_backup(None, res.path, server=ops_server, replace=True, evidence_dir=tmp_path / "ev2")
    assert (out.nodes, out.relationships) == (83, 43)
    with connect(ops_server) as d:
        assert _snapshot(d) == before
    assert _tree(tmp_path / "ev2") == _tree(evidence)
