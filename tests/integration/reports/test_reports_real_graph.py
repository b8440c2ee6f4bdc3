"""Every report runs against a small real graph; parameters carrying Cypher stay data; reports cannot write."""

from __future__ import annotations

import io
import json
from datetime import date

import neo4j
import pytest
from openpyxl import load_workbook

from casework import reports
from common.errors import CypherCatalogError, DatabaseError, NotFoundError
from graph.repository import GraphReader

from . import world  # noqa: F401  (importlib mode: loaded below by path)

DAY = date(2025, 8, 15)


@pytest.fixture(scope="module")
def reader(neo4j_driver, neo4j_connection):
    world.build(neo4j_driver, neo4j_connection[2])
    return GraphReader(neo4j_driver, database=neo4j_connection[2])


def run(reader, name, **params):
    return reports.run_report(reader, name, params, today=DAY)


def test_daily_digest(reader):
    r = run(reader, "daily_digest")
    top = r.rows[0]
    assert top["story_id"] == "s1" and top["items"] == 6 and top["articles"] == 2 and top["posts"] == 4
    assert top["negative"] == 6 and top["handling"] == "refute" and top["crisis_level"] == 0
    others = {x["title"] for x in r.rows[1:]}
    assert "Bác bỏ tin đồn về số người chết" in others and "Lễ hội Đền Hùng" not in others
    assert run(reader, "daily_digest", day="2025-08-10").rows[0]["title"] == "Lễ hội Đền Hùng"


def test_weekly_and_monthly_summary(reader):
    w = run(reader, "weekly_summary")
    assert [x["day"] for x in w.rows][0] == "2025-08-09" and len(w.rows) == 7
    last = w.rows[-1]
    assert (last["articles"], last["posts"], last["negative"], last["new_stories"], last["alerts"]) == (3, 4, 6, 1, 1)
    assert w.rows[1]["articles"] == 1  # 10 Aug
    m = run(reader, "monthly_summary", month="2025-08")
    by = {x["source"]: x for x in m.rows}
    assert "facebook" in by, m.rows
    assert by["facebook"]["items"] == 4 and by["facebook"]["negative"] == 4 and by["facebook"]["stories"] == 1
    assert by["Báo Phú Thọ"]["items"] == 3 and by["VnExpress"]["negative_share"] == 1.0
    assert run(reader, "monthly_summary", month="2025-07").rows == []


def test_negative_stories_by_place(reader):
    r = run(reader, "negative_stories_by_place", since="2025-08-01")
    assert [(x["place_id"], x["story_id"], x["items"], x["negative"]) for x in r.rows] == [("place:hb", "s1", 6, 6)]
    assert run(reader, "negative_stories_by_place", place_id="place:other", since="2025-08-01").rows == []


def test_top_amplifiers_and_origin(reader):
    r = run(reader, "top_amplifiers_of_story", story_id="s1")
    assert {x["account_id"] for x in r.rows} == {"facebook:small", "facebook:big", "facebook:new1", "facebook:new2"}
    assert [x["account_id"] for x in r.rows if x["is_origin"]] == ["facebook:small"]
    assert r.rows[0]["engagement"] == 16
    o = run(reader, "story_origin_and_spread", story_id="s1")
    assert [x["item_id"] for x in o.rows][:2] == ["facebook:p1", "facebook:p2"]
    assert o.rows[0]["is_origin"] and o.rows[1]["parent_id"] == "facebook:p1"
    art = next(x for x in o.rows if x["item_id"] == "https://baophutho.vn/a1")
    assert art["evidence_sha256"] == world.SHA and art["publisher"] == "baophutho.vn"


def test_coordinated_group_and_new_accounts(reader):
    r = run(reader, "coordinated_group_accounts", group_id="g1")
    assert {x["account_id"]: x["ties"] for x in r.rows} == {"facebook:new1": 1, "facebook:new2": 1}
    assert len(run(reader, "coordinated_group_accounts").rows) == 2
    n = run(reader, "new_accounts_in_cascade", story_id="s1", max_age_days=7)
    assert [(x["account_id"], x["age_days"]) for x in n.rows] == [("facebook:new2", 1), ("facebook:new1", 5)]


def test_journalists_by_topic_cases_feedback_false_spreaders(reader):
    j = run(reader, "journalists_outlets_by_topic", topic="thien_tai", since="2025-08-01")
    got = {(x["outlet_id"], x["journalist"]): x["articles"] for x in j.rows}
    assert got == {("baophutho.vn", "Nguyễn Văn A"): 2, ("vnexpress.net", "Trần Thị B"): 1}
    c = run(reader, "outlets_with_cases")
    assert [(x["outlet_id"], x["cases"], x["open_cases"]) for x in c.rows] == [("vnexpress.net", 1, 1)]
    assert c.rows[0]["violations"] == ["Điều 9 Luật Báo chí"]
    f = run(reader, "feedback_about_target", target_id="vnexpress.net")
    assert [x["feedback_id"] for x in f.rows] == ["feedback:1"]
    assert "x@example.vn" not in json.dumps(f.rows, ensure_ascii=False)
    t = run(reader, "threshold_accounts_spreading_false", since="2025-08-01")
    assert [(x["account_id"], x["false_stories"]) for x in t.rows] == [("facebook:big", 1)]
    assert run(reader, "threshold_accounts_spreading_false", since="2025-08-01", min_followers=300_000).rows == []
    a = run(reader, "alerts_recent", since="2025-08-10")
    assert a.rows[0]["story_id"] == "s1" and a.rows[0]["level"] == 3


def test_every_report_runs_and_renders_every_format(reader):
    defaults = {"story_id": "s1", "topic": "thien_tai", "target_id": "vnexpress.net"}
    for spec in reports.list_reports():
        params = {p.name: defaults[p.name] for p in spec.params if p.required}
        r = reports.run_report(reader, spec.name, params, today=DAY)
        for fmt in reports.FORMATS:
            data = reports.render(r, fmt)
            assert data
        html = reports.render(r, "html").decode()
        assert "<script>alert(1)</script>" not in html
        wb = load_workbook(io.BytesIO(reports.render(r, "xlsx")))
        assert wb.active.max_row >= 4


INJECTIONS = [
    "s1' OR 1=1 //",
    "s1\"}) DETACH DELETE n //",
    "'}) MATCH (n) DETACH DELETE n RETURN 1 AS x //",
    "s1\") CALL db.clearQueryCaches() //",
    "$story_id",
    "x` RETURN 1 //",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_cypher_in_parameters_is_data(reader, payload):
    before = reader.read("read/count_by_label", {})
    for name, key in (("top_amplifiers_of_story", "story_id"), ("story_origin_and_spread", "story_id"),
                      ("feedback_about_target", "target_id"), ("negative_stories_by_place", "place_id"),
                      ("coordinated_group_accounts", "group_id"), ("journalists_outlets_by_topic", "topic")):
        assert run(reader, name, **{key: payload}).rows == []
    assert reader.read("read/count_by_label", {}) == before


def test_unknown_names_refused_before_the_database(reader):
    for bad in ("../load/articles", "load/alerts", "reports/../admin/wipe", "nope"):
        with pytest.raises(NotFoundError):
            reports.run_report(reader, bad, {})


def test_reports_cannot_write(reader, neo4j_driver, neo4j_connection):
    # the reader refuses any statement that is not declared read
    with pytest.raises(CypherCatalogError):
        reader.read("load/alerts", {"rows": []})
    # and the read transaction it uses refuses a write even if a report body tried one
    with neo4j_driver.session(database=neo4j_connection[2], default_access_mode=neo4j.READ_ACCESS) as s:
        with pytest.raises(neo4j.exceptions.ClientError):
            s.execute_read(lambda tx: tx.run("CREATE (:Intruder {id: 'x'})").consume())
    assert not any(r.get("label") == "Intruder" for r in reader.read("read/count_by_label", {}))


def test_database_error_is_wrapped(reader):
    with pytest.raises((DatabaseError, CypherCatalogError)):
        reader.read("reports/top_amplifiers_of_story", {"story_id": "s1"})  # missing $limit
