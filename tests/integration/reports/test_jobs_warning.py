"""The warning pass, reports written to a folder, and the CLI, against the real test database."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from casework.schedule import refutation_delays, warning_pass, write_reports
from etl.nlp_stage import run_nlp_stage
from graph.repository import GraphReader, GraphWriter

from . import world

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 8, 15, 11, 0, tzinfo=TZ)


@pytest.fixture(scope="module")
def db(neo4j_driver, neo4j_connection):
    database = neo4j_connection[2]
    w = GraphWriter(neo4j_driver, database=database)
    # a second story: 70 negative posts in 2 hours by one burst account (an outbreak), annotated by the real NLP
    # stage (run before the hand-annotated world is written, so it annotates only these)
    w.write("load/accounts", [{"id": "facebook:burst", "platform": "facebook", "handle": "burst", "name": "Burst",
                               "followers": 900, "kind": None, "verified": False, "created_at": None,
                               "observed_at": NOW.isoformat(), "in_scope": True, "outlet": None}])
    posts = [f"facebook:b{i}" for i in range(70)]
    w.write("load/posts", [
        {"id": pid, "platform": "facebook", "post_id": pid.split(":")[1], "account_id": "facebook:burst",
         "created_at": f"2025-08-15T{9 + i // 35:02d}:{(i % 35) + 10:02d}:00+07:00", "kind": "post",
         "text": "Cá chết trắng sông Lô", "url": None, "links": [], "shared_url": None, "likes": 1, "shares": 0,
         "comments": 0, "views": None, "observed_at": NOW.isoformat(), "time_missing": False}
        for i, pid in enumerate(posts)])
    assert run_nlp_stage(neo4j_driver, database=database, batch=100).posts == 70
    world.build(neo4j_driver, database)
    w.write("load/stories", [{
        "id": "s2", "run": "run1", "title": "Cá chết sông Lô", "first_seen_at": "2025-08-15T09:10:00+07:00",
        "last_seen_at": "2025-08-15T10:44:00+07:00", "size": 70, "depth": 1, "breadth": 70, "virality": 1.0,
        "speed_per_hour": 35.0, "items_per_hour": 35.0, "reach": 900, "time_to_10_s": None, "time_to_100_s": None,
        "time_to_1000_s": None, "origin_post_id": posts[0], "origin_article_id": None,
        "origin_account": "facebook:burst", "origin_confidence": 0.5, "origin_unobserved": False,
        "origin_reasons": [], "origin_candidates": "[]", "growth": "[]", "community_share": None,
        "negative_share": 1.0, "sentiment": "negative", "sentiment_score": -0.8}])
    w.write("load/story_members", [{"item_id": p, "story_id": "s2", "run": "run1", "parent_id": None,
                                    "how": None, "confidence": None} for p in posts])
    return neo4j_driver, database


def test_warning_pass_writes_alerts_levels_and_recommendations(db):
    driver, database = db
    out = warning_pass(driver, now=NOW, database=database)
    assert out.mentions == 77 and out.stories_assessed == 2  # 3 articles before 11:00 + 4 + 70 posts
    assert out.level >= 2 and any("bùng phát" in r for r in out.reasons), out
    r = GraphReader(driver, database=database)
    s2 = r.read("read/story_decisions", {"story_id": "s2"})[0]
    assert s2["crisis_level"] == 2 and s2["recommended"] == "watch" and s2["handling"] == "watch"
    assert s2["reasons"] and s2["crisis_reasons"]
    assert "100% tiêu cực" in s2["crisis_reasons"][0], s2  # the NLP stage's negative items are read as negative
    s1 = r.read("read/story_decisions", {"story_id": "s1"})[0]
    assert s1["handling"] == "refute"  # the inspector's decision is not replaced by a recommendation
    assert s1["crisis_level"] == 1
    alerts = r.read("reports/alerts_recent", {"since": NOW.date(), "min_level": 1, "limit": 100})
    assert {a["story_id"] for a in alerts} >= {"s2"}
    assert any(a["title"].endswith("Cá chết sông Lô") for a in alerts)
    n = len(alerts)
    warning_pass(driver, now=NOW, database=database)  # idempotent for the same time
    assert len(r.read("reports/alerts_recent", {"since": NOW.date(), "min_level": 1, "limit": 100})) == n


def test_refutation_delay(db):
    driver, database = db
    warning_pass(driver, now=NOW, database=database)  # sets Story.detected_at once (kept on later passes)
    d = refutation_delays(GraphReader(driver, database=database), since=datetime(2025, 1, 1, tzinfo=TZ))
    # detected by the warning pass at 11:00 (level >= 1); the refutation article appeared at 15:00
    assert [(x["story_id"], x["hours"]) for x in d] == [("s1", 4.0)]


def test_write_reports_to_folder(db, tmp_path):
    driver, database = db
    paths = write_reports(driver, ["daily_digest", "weekly_summary"], folder=tmp_path, today=NOW.date(),
                          formats=("html", "xlsx"), database=database)
    assert sorted(p.name for p in paths) == ["daily_digest.html", "daily_digest.xlsx", "weekly_summary.html",
                                             "weekly_summary.xlsx"]
    assert all(p.parent.name == "2025-08-15" for p in paths)
    assert "Bản tin hằng ngày" in (tmp_path / "2025-08-15" / "daily_digest.html").read_text(encoding="utf-8")


def test_cli_report_and_registry_import(db, neo4j_connection, tmp_path):
    uri, (user, password), database = neo4j_connection
    from graph import settings

    env = {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password, "NEO4J_DATABASE": database}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        settings.get_neo4j_settings.cache_clear()
        try:
            from api.cli_reports import app

            runner = CliRunner()
            out = tmp_path / "d.xlsx"
            r = runner.invoke(app, ["report", "daily_digest", "--param", "day=2025-08-15", "-f", "xlsx",
                                    "-o", str(out)])
            assert r.exit_code == 0, r.output
            ws = load_workbook(out).active
            assert ws["A1"].value == "Bản tin hằng ngày" and ws["A5"].value in ("s1", "s2")
            r = runner.invoke(app, ["report", "top_amplifiers_of_story", "--param", "story_id=s1", "-f", "json"])
            assert r.exit_code == 0 and '"facebook:big"' in r.output
            # a report run from the CLI is audited like one over the API (who, which, parameters, where to)
            ev = db[0].execute_query(
                "MATCH (e:AuditEvent {action: 'report.run'}) RETURN e.target AS t, e.actor AS a, e.detail AS d "
                "ORDER BY e.seq", database_=database).records
            assert [x["t"] for x in ev] == ["daily_digest", "top_amplifiers_of_story"], ev
            assert ev[0]["a"].startswith("cli:") and str(out) in ev[0]["d"] and "story_id" in ev[1]["d"]
            r = runner.invoke(app, ["report", "../load/articles"])
            assert r.exit_code == 2 and "không có báo cáo" in r.output
            r = runner.invoke(app, ["report", "daily_digest", "--param", "limit=abc"])
            assert r.exit_code == 2
            csv = tmp_path / "o.csv"
            csv.write_text("id,name,level,kind\nbaohoabinh.vn,Báo Hòa Bình,provincial,newspaper\n"
                           "bad host,X,provincial,newspaper\n", encoding="utf-8")
            r = runner.invoke(app, ["registry", "import", "outlets", str(csv)])
            assert r.exit_code == 1 and '"written": 1' in r.output and "dòng 3" in r.output
            rows = GraphReader(db[0], database=database).read(
                "read/registry_outlets", {"registered_only": True, "skip": 0, "limit": 50})
            assert "baohoabinh.vn" in {x["id"] for x in rows}
        finally:
            settings.get_neo4j_settings.cache_clear()
