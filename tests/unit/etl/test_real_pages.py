"""Extraction accuracy on the labelled real pages kept beside the repository (``../shared/eval-data/real-pages``;
their licence forbids copying them here). The same figures as ``python -m etl.evaluate_pages DIR``."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.evaluate_pages import authors_match, cases_from_directory, evaluate, main

REPO = Path(__file__).resolve().parents[3]
REAL_PAGES = REPO.parent / "shared" / "eval-data" / "real-pages"
# the level reached (every scored page right); a change that loses one page fails here
THRESHOLDS = {"title": 1.0, "published_minute": 1.0, "authors": 1.0}
# pages whose gold lets each field be scored (a null published time, or no byline at all, is not scored)
MIN_SCORED = {"title": 26, "published_minute": 4, "authors": 5}


@pytest.fixture(scope="module")
def result() -> dict:
    if not (REAL_PAGES / "gold.json").is_file():
        pytest.fail(f"labelled real pages not found at {REAL_PAGES} (gold.json)", pytrace=False)
    return evaluate(cases_from_directory(REAL_PAGES))


@pytest.mark.parametrize("field", sorted(THRESHOLDS))
def test_real_pages_field_accuracy(result: dict, field: str) -> None:
    overall = result["outlets"]["*"][field]
    assert overall["scored"] >= MIN_SCORED[field]
    misses = [m for m in result["misses"] if m["field"] == field]
    assert overall["accuracy"] >= THRESHOLDS[field], misses


def test_every_outlet_scored_and_reported(result: dict) -> None:
    outlets = set(result["outlets"]) - {"*"}
    assert {"dantri.com.vn", "vnexpress.net", "znews.vn", "bongdaplus.vn", "cafef.vn"} <= outlets
    assert sum(result["outlets"][o]["pages"] for o in outlets) == result["outlets"]["*"]["pages"] == 28


def test_author_sets_compare_names_not_order_or_case() -> None:
    assert authors_match(["NHẬT XUÂN", "Nghi Vũ"], ["Nghi Vũ", "Nhật Xuân"])
    assert not authors_match(["Nhật Xuân"], ["Nhật Xuân", "Nghi Vũ"])
    assert not authors_match(["VnEconomy"], ["Thanh Xuân"])
    assert authors_match([], [])


def test_cli_prints_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import json

    if not (REAL_PAGES / "gold.json").is_file():
        pytest.fail(f"labelled real pages not found at {REAL_PAGES}", pytrace=False)
    assert main([str(REAL_PAGES), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["outlets"]["*"]["pages"] == 28 and "misses" in out
    assert main([str(tmp_path)]) == 2  # no gold.json: a message, not a traceback
