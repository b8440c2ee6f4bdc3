"""Retention covers evidence (issue 15): the daily job runs ``lantoa retention run``, which deletes expired
captures and their files from the real evidence store but keeps the evidence an open case holds; and the
processing record takes its counts from the graph (one contact record is one, not zero). Real Neo4j."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

pytestmark = pytest.mark.integration
NOW = datetime.now(UTC)
OLD = NOW - timedelta(days=400)
RECENT = NOW - timedelta(days=3)


@pytest.fixture()
def env(clean_db, neo4j_env, tmp_path, monkeypatch):
    from api import auth
    from casework.schedule import get_job_settings
    from graph import settings
    from operations.settings import get_ops_settings

    for k, v in {**neo4j_env, "LANTOA_DATA_DIR": str(tmp_path / "data"), "LANTOA_OPS_RETENTION_EVIDENCE_DAYS": "30",
                 "LANTOA_JOBS_DAILY_REPORTS": "[]", "LANTOA_JOBS_REPORTS_DIR": str(tmp_path / "reports")}.items():
        monkeypatch.setenv(k, v)
    caches = (settings.get_path_settings, settings.get_neo4j_settings, get_ops_settings, get_job_settings)
    for f in caches:
        f.cache_clear()
    auth.reset_caches()
    yield tmp_path / "data" / "evidence"
    for f in caches:
        f.cache_clear()
    auth.reset_caches()


def _seed(driver, store) -> dict[str, str]:
    """Five pages: held by an open case (old), expired (old), recent, listed by a case closed long ago (old), and
    an old file the graph never recorded."""
    caps = {name: store.store(f"<html>{name}</html>".encode(), url=f"https://bao.vn/{name}", captured_at=at)
            for name, at in (("held", OLD), ("expired", OLD), ("recent", RECENT), ("closed", OLD), ("orphan", OLD))}
    rows = [{"article_id": f"https://bao.vn/{n}", "capture_id": c.capture_id, "sha256": c.sha256, "url": c.url,
             "final_url": c.final_url, "status": 200, "captured_at": c.captured_at, "size": c.size}
            for n, c in caps.items() if n != "orphan"]
    driver.execute_query("UNWIND $rows AS r CREATE (:Article {id: r.article_id, url: r.url, evidence_sha256: r.sha256})",
                         {"rows": rows})
    from graph.repository import GraphWriter

    GraphWriter(driver).write("load/captures", rows)
    driver.execute_query(
        "MATCH (a:Article {id: 'https://bao.vn/held'}) CREATE (:Case {id: 'case:open', status: 'open'})-[:CONCERNS]->(a)"
        " WITH 1 AS x CREATE (:Case {id: 'case:closed', status: 'closed', closed_at: datetime() - duration('P300D'),"
        "                            evidence_sha256: [$sha]})", {"sha": caps["closed"].sha256})
    driver.execute_query("CREATE (:Feedback {id: 'feedback:1', received_at: datetime(), status: 'new'})"
                         "-[:HAS_CONTACT]->(:FeedbackContact {id: 'feedback:1', email: 'a@example.vn'})")
    return {n: c.sha256 for n, c in caps.items()}


def test_the_daily_job_expires_evidence_but_keeps_what_a_case_holds(clean_db, env):
    from casework.schedule import default_jobs
    from etl.evidence import EvidenceStore

    store = EvidenceStore(env)
    sha = _seed(clean_db, store)
    daily = next(j for j in default_jobs(clean_db, with_hooks=False) if j.kind == "daily")
    daily.run(NOW)

    kept = {n for n, s in sha.items() if store.blob_path(s).exists()}
    assert kept == {"held", "recent"}
    assert not store.captures(sha["expired"]) and store.captures(sha["held"])
    rec, _, _ = clean_db.execute_query("MATCH (c:Capture)<-[:CAPTURED_AS]-(a) RETURN collect(a.id) AS ids")
    assert sorted(rec[0]["ids"]) == ["https://bao.vn/held", "https://bao.vn/recent"]
    rec, _, _ = clean_db.execute_query("MATCH (a:Article {id: 'https://bao.vn/expired'}) "
                                       "RETURN a.evidence_sha256 AS sha, a.evidence_expired_at IS NOT NULL AS expired")
    assert rec[0]["sha"] is None and rec[0]["expired"]
    rec, _, _ = clean_db.execute_query("MATCH (e:AuditEvent {action: 'retention.run'}) RETURN e.detail AS d")
    assert len(rec) == 1 and '"evidence_files": 3' in rec[0]["d"] and '"captures": 2' in rec[0]["d"]

    # once the case is closed and its hold is past the cut-off, its evidence goes too
    clean_db.execute_query("MATCH (c:Case {id: 'case:open'}) SET c.status = 'closed', "
                           "c.closed_at = datetime() - duration('P100D')")
    daily.run(NOW)
    assert not store.blob_path(sha["held"]).exists() and store.blob_path(sha["recent"]).exists()


def test_the_processing_record_counts_from_the_graph(clean_db, env):
    from typer.testing import CliRunner

    from api.cli_ops import app
    from etl.evidence import EvidenceStore
    from operations.processing_record import live_counts

    _seed(clean_db, EvidenceStore(env))
    counts = live_counts(clean_db)
    assert counts == {"accounts": 0, "posts": 0, "feedback": 1, "feedback_contacts": 1, "captures": 4}
    r = CliRunner().invoke(app, ["processing-record"])
    assert r.exit_code == 0, r.output
    assert "hiện có 1 bản ghi" in r.output and "hiện có 4 bản chụp" in r.output
