"""The chain scorecard end to end: `lantoa evaluate world` on the tiny world (seed 1) runs every stage — the
sandbox served on 127.0.0.1 and crawled, the social import, NLP, analysis, the hourly warning passes — into a
Neo4j of its own (own home, free ports), and scores the graph against the world's truth.

Two kinds of assertion:

* floors: the figures the chain meets today (BENCHMARKS.md, "Chain scorecard"), a little below, so a
  regression anywhere in the chain fails here even when every stage's own tests pass — e.g. the sentiment
  sign error stored every negative item as positive: the negative class's F1 falls to ~0 and this test fails;
* the issue's "Must show" thresholds: those that hold are asserted; those that do not yet hold are strict
  xfails, so they turn into failures (to be promoted to plain assertions) the day they start to hold.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

# issue 13's thresholds that the chain does not meet yet (measured gaps in BENCHMARKS.md)
NOT_YET = {
    "false_story_largest_share", "communities_nmi",
}
HOLDING = ["false_story_origin_top1", "coordination_jaccard", "relevance_precision", "relevance_recall",
           "story_bcubed_f1", "crisis_split_into", "crisis_alert_level_in_window", "crisis_lead_h_ge3",
           "article_sentiment_macro_f1", "false_story_refutation_linked", "false_story_handling",
           "crisis_handling"]


@pytest.fixture(scope="module")
def card(tmp_path_factory) -> dict:
    from etl.sandbox import generate

    root = tmp_path_factory.mktemp("scorecard")
    world = root / "world"
    generate(world, seed=1, size="tiny")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}  # always a server of its own
    proc = subprocess.run(
        [sys.executable, "-m", "api.cli", "--log-level", "WARNING", "evaluate", "world", str(world), "--json",
         "--neo4j-home", str(root / "neo4j"), "--workdir", str(root / "work")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=1800, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    assert out["seed"] == 1 and out["size"] == "tiny" and "riêng" in out["database"]
    return out


def test_every_stage_ran(card: dict) -> None:
    st = card["stages"]
    assert st["crawl"]["articles"] >= 380 and st["import"]["posts"] == 4000 and st["import"]["errors"] == 0
    assert st["nlp"]["articles"] >= 380 and st["nlp"]["errors"] == 0
    assert st["analysis"]["stories"] > 100 and st["warning"]["passes"] == 72
    assert card["scores"]["crawl_recall_province"] >= 0.99


def test_floors(card: dict) -> None:
    s = card["scores"]
    st = s["stories"]
    # stories hold together (they fell apart into 11 for the rumour and ~96 for the crisis) without swallowing
    # unrelated items
    assert st["bcubed"]["f1"] >= 0.95 and st["bcubed"]["precision"] >= 0.97
    assert st["planted"]["story:false"]["largest_share"] >= 0.80
    # every planted item with an observable tie is in some story (a reply exported without its date was in none)
    assert all(p["tied_in_none"] == 0 for p in st["planted"].values()), st["planted"]
    assert st["planted"]["story:crisis"]["largest_share"] >= 0.98
    assert st["planted"]["story:refutation"]["largest_share"] >= 0.95
    assert st["copy_groups"]["whole"] >= st["copy_groups"]["scored"] - 3
    assert s["planted"]["story:refutation"]["origin_top1"] is True
    # handling from the evidence (every recommendation read "watch"): the rumour refuted by the police's post and
    # the papers' articles (linked by the warning pass, no inspector), the crisis event answered as a crisis, the
    # police's refutation spread
    assert s["planted"]["story:false"]["refutation_linked"] is True
    assert s["planted"]["story:false"]["handling"] in ("refute", "limit")
    assert s["planted"]["story:crisis"]["handling"] == "crisis_response"
    assert s["planted"]["story:refutation"]["handling"] == "amplify"
    assert s["copy_origin_top1"] >= 0.9
    # the crisis is seen (level >= 2 inside its window) and level-3 false alarms stay rare
    assert s["crisis"]["alerted"] and s["crisis"]["max_level"] >= 2
    assert s["crisis"]["false_per_week_ge3"] <= 3.0
    # a slow pickup alone is watched, not warned: level-2 false alarms 15 -> 1 in the 3 days of seed 1
    assert s["crisis"]["false_per_week_ge2"] <= 5.0
    assert s["communities"]["nmi"] >= 0.65 and s["communities"]["coverage"] >= 0.95
    assert s["entities"]["f1"] >= 0.80
    ex = s["extraction"]
    assert ex["title"] >= 0.99 and ex["time"] >= 0.99 and ex["authors"]["f1"] >= 0.99 and ex["identity"] >= 0.9


def test_negative_items_are_stored_negative(card: dict) -> None:
    """The sign contract at chain level: the world's negative articles and posts come out negative."""
    sent = card["scores"]["sentiment"]
    assert sent["articles"]["unlabelled"] == 0 and sent["posts"]["unlabelled"] == 0
    assert sent["articles"]["per_label"]["negative"] >= 0.6
    assert sent["posts"]["per_label"]["negative"] >= 0.55
    # per-domain sentiment measured 0.88 (articles) and 0.90 (posts) on seed 1
    assert sent["articles"]["macro_f1"] >= 0.85 and sent["posts"]["macro_f1"] >= 0.85


@pytest.mark.parametrize("key", [
    *HOLDING,
    *(pytest.param(k, marks=pytest.mark.xfail(strict=True, reason="issue 13: not met yet")) for k in sorted(NOT_YET)),
])
def test_issue_threshold(card: dict, key: str) -> None:
    row = next(t for t in card["thresholds"] if t["key"] == key)
    assert row["ok"], row
