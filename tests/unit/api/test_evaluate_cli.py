"""`lantoa evaluate world`: the warning-pass schedule, the Vietnamese tables, and the external-server guard."""

from __future__ import annotations

import doctest
import io

import pytest
from rich.console import Console

from api import scorecard
from api.cli_evaluate import render


def test_doctests_run() -> None:
    res = doctest.testmod(scorecard)
    assert res.attempted >= 2 and res.failed == 0


def _result() -> dict:
    split = {"stored": 64, "missing": 0, "largest_share": 0.6875, "main": "s1", "split_into": 6, "in_none": 5}
    return {
        "world": "/w", "seed": 1, "size": "tiny", "seconds": {"crawl": 50.0, "total": 118.0},
        "scores": {
            "stories": {"bcubed": {"precision": 0.87, "recall": 0.21, "f1": 0.34}, "bcubed_planted": {"f1": 0.22},
                        "copy_groups": {"whole": 33, "scored": 34}, "stories": 511, "planted": {"story:false": split}},
            "planted": {"story:false": {"origin_top1": True, "refutation_linked": False, "handling": "watch",
                                        "crisis_level": 0}},
            "copy_origin_top1": 0.97,
            "crisis": {"alerted": True, "max_level": 2, "lead_h_ge2": -1.0, "lead_h_ge3": None,
                       "false_per_week_ge2": 11.67, "false_per_week_ge3": 0.0},
            "coordination": {"jaccard": 1.0}, "communities": {"nmi": 0.71, "coverage": 0.99},
            "crawl_recall_province": 1.0, "relevance": {"precision": 1.0, "recall": 0.99},
            "sentiment": {"articles": {"macro_f1": 0.57}, "posts": {"macro_f1": 0.67}},
            "entities": {"f1": 0.85, "precision": 0.78, "recall": 0.94},
            "extraction": {"title": 1.0, "time": 0.998, "authors": {"f1": 1.0}, "identity": 0.94},
        },
        "thresholds": [{"key": "false_story_handling", "value": "watch", "op": "in", "target": ["refute", "limit"],
                        "ok": False, "gap": None},
                       {"key": "story_bcubed_f1", "value": 0.34, "op": ">=", "target": 0.9, "ok": False, "gap": 0.56}],
    }


def test_tables_are_vietnamese() -> None:
    buf = io.StringIO()
    console = Console(file=buf, width=200)
    for table in render(_result()):
        console.print(table)
    text = buf.getvalue()
    for label in ("Câu chuyện: B-cubed", "Tin đồn sai", "theo dõi (watch)", "Khủng hoảng: mức cao nhất", "chưa",
                  "0.560"):
        assert label in text, label


def test_an_external_server_needs_explicit_consent(monkeypatch, tiny_world) -> None:
    from common.errors import ConfigError
    from graph.settings import clear_caches

    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_PASSWORD", "x" * 12)
    clear_caches()
    try:
        with pytest.raises(ConfigError, match="WIPES"):
            scorecard.evaluate_world(tiny_world)
    finally:
        monkeypatch.undo()
        clear_caches()
