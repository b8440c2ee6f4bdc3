"""The report catalogue, parameter typing and the exports (offline)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from casework import reports
from common.errors import NotFoundError, ReportParameterError

REQUIRED = {
    "daily_digest", "weekly_summary", "monthly_summary", "negative_stories_by_place", "top_amplifiers_of_story",
    "story_origin_and_spread", "coordinated_group_accounts", "journalists_outlets_by_topic", "outlets_with_cases",
    "feedback_about_target", "threshold_accounts_spreading_false", "new_accounts_in_cascade",
}
TODAY = date(2025, 8, 15)


def test_every_required_report_exists_and_documents_itself():
    names = set(reports.report_names())
    assert REQUIRED <= names
    for spec in reports.list_reports():
        assert spec.purpose and spec.title and spec.title != spec.name
        assert spec.columns, spec.name
        for p in spec.params:
            assert p.description, (spec.name, p.name)
            assert p.name != "negative_below", spec.name  # reports count the stored label (common/sentiment.py)
        # every required report is read-only: it runs through GraphReader, which refuses other modes
        assert reports.cypher_loader.load(spec.statement).mode == "read"


@pytest.mark.parametrize("bad", ["../load/articles", "load/articles", "reports/../load/articles",
                                 "daily_digest; MATCH (n) DETACH DELETE n", "DAILY_DIGEST", "", "reports/",
                                 "/etc/passwd", "daily_digest.cypher", "..\\load\\articles"])
def test_unknown_and_traversal_names_refused(bad):
    with pytest.raises(NotFoundError):
        reports.get_spec(bad)


def test_prefixed_name_accepted():
    assert reports.get_spec("reports/daily_digest").name == "daily_digest"


def test_defaults_and_typing():
    spec = reports.get_spec("daily_digest")
    p = reports.coerce_params(spec, {}, today=TODAY)
    assert p == {"day": TODAY, "province_only": True, "limit": 200}
    p = reports.coerce_params(spec, {"day": "today-1", "province_only": "không", "limit": "5"}, today=TODAY)
    assert p["day"] == date(2025, 8, 14) and p["province_only"] is False and p["limit"] == 5
    m = reports.coerce_params(reports.get_spec("monthly_summary"), {}, today=TODAY)
    assert m["month"] == "2025-08"


@pytest.mark.parametrize("name,params", [
    ("daily_digest", {"day": "hôm qua"}),
    ("daily_digest", {"limit": "0"}),
    ("daily_digest", {"limit": "1e3x"}),
    ("daily_digest", {"limit": True}),
    ("daily_digest", {"negative_below": "-0.2"}),  # negativity is the stored label: no cut-off to pass
    ("negative_stories_by_place", {"min_negative_share": "nan"}),
    ("daily_digest", {"province_only": "maybe"}),
    ("daily_digest", {"nope": "1"}),
    ("monthly_summary", {"month": "2025-13"}),
    ("top_amplifiers_of_story", {}),
    ("top_amplifiers_of_story", {"story_id": "x" * 5000}),
    ("top_amplifiers_of_story", {"story_id": ["a"]}),
])
def test_bad_parameters_refused_with_clear_error(name, params):
    with pytest.raises(ReportParameterError):
        reports.coerce_params(reports.get_spec(name), params, today=TODAY)


def test_parse_kv():
    assert reports.parse_kv(["a=1", "b=x=y"]) == {"a": "1", "b": "x=y"}
    with pytest.raises(ReportParameterError):
        reports.parse_kv(["novalue"])



def _result(rows, name="daily_digest"):
    spec = reports.get_spec(name)
    cols = list(spec.columns)
    return reports.ReportResult(spec=spec, params={"day": "2025-08-15"}, columns=cols, rows=rows)


ROWS = [
    {"story_id": "s1", "title": "<script>alert(1)</script> Sạt lở ở Hòa Bình", "items": 12, "articles": 2,
     "posts": 10, "negative": 9, "first_at": "2025-08-15T07:00:00+07:00", "crisis_level": 3, "handling": "refute"},
    {"story_id": None, "title": "=HYPERLINK(\"http://x\")", "items": 1, "articles": 1, "posts": 0,
     "negative": 0, "first_at": None, "crisis_level": 0, "handling": None},
]


def test_html_is_vietnamese_escaped_and_has_a_chart():
    html = reports.render(_result(ROWS), "html").decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert 'lang="vi"' in html and "Bản tin hằng ngày" in html and "Tiêu đề" in html
    assert "<svg" in html and "<rect" in html
    empty = reports.render(_result([]), "html").decode()
    assert "Không có dữ liệu" in empty


def test_line_chart_for_weekly_summary():
    rows = [{"day": f"2025-08-{d:02d}", "articles": d, "posts": 2 * d, "negative": 1, "new_stories": 0,
             "alerts": 0} for d in range(9, 16)]
    html = reports.render(_result(rows, "weekly_summary"), "html").decode()
    assert html.count("<polyline") == 3


def test_csv_json_xlsx_round_trip_and_formula_neutralised():
    r = _result(ROWS)
    text = reports.render(r, "csv").decode("utf-8-sig")
    got = list(csv.DictReader(io.StringIO(text)))
    assert got[0]["title"].startswith("<script>") and got[0]["items"] == "12"
    assert got[1]["title"].startswith("'=")
    doc = json.loads(reports.render(r, "json"))
    assert doc["rows"][0]["title"] == ROWS[0]["title"] and doc["columns"][0] == "story_id"
    wb = load_workbook(io.BytesIO(reports.render(r, "xlsx")))
    ws = wb.active
    assert ws["A1"].value == "Bản tin hằng ngày"
    assert [c.value for c in ws[4]][:3] == ["story_id", "title", "items"]
    assert ws["C5"].value == 12 and ws["B6"].value.startswith("'=")
    with pytest.raises(ReportParameterError):
        reports.render(r, "pdf")


def test_plain_converts_nested_values():
    assert reports.plain({"a": [date(2025, 1, 2)], "b": (1, "x")}) == {"a": ["2025-01-02"], "b": [1, "x"]}


def test_out_of_range_dates_refused():
    for bad in ({"day": "9999-12-31"}, {"day": "0001-01-01"}, {"day": "today+99999"}):
        with pytest.raises(ReportParameterError):
            reports.coerce_params(reports.get_spec("daily_digest"), bad, today=TODAY)
    with pytest.raises(ReportParameterError):
        reports.coerce_params(reports.get_spec("monthly_summary"), {"month": "0000-01"}, today=TODAY)


def test_control_characters_do_not_break_xlsx():
    rows = [dict(ROWS[0], title="tiêu đề\x0b có\x1f ký tự điều khiển\x00")]
    wb = load_workbook(io.BytesIO(reports.render(_result(rows), "xlsx")))
    assert wb.active["B5"].value == "tiêu đề có ký tự điều khiển"


def test_declared_roles_are_real_roles_and_personal_reports_are_gated():
    from api.auth import Role

    specs = {s.name: s for s in reports.list_reports()}
    for s in specs.values():
        for r in s.roles:
            Role(r)
    for name in ("top_amplifiers_of_story", "coordinated_group_accounts", "threshold_accounts_spreading_false",
                 "new_accounts_in_cascade", "story_origin_and_spread", "feedback_about_target"):
        assert specs[name].roles and "analyst" not in specs[name].roles
    assert specs["daily_digest"].roles == ()
