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

import email
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import neo4j
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
def scorecard_run(tmp_path_factory) -> Iterator[tuple[Path, dict]]:
    """`lantoa evaluate world` on the tiny world (seed 1), its server kept for the tests that read the graph
    (alert routing), stopped at the end of the module."""
    from etl.sandbox import generate

    root = tmp_path_factory.mktemp("scorecard")
    world = root / "world"
    generate(world, seed=1, size="tiny")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}  # always a server of its own
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "api.cli", "--log-level", "WARNING", "evaluate", "world", str(world), "--json",
             "--neo4j-home", str(root / "neo4j"), "--workdir", str(root / "work"), "--keep-db"],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=1800, check=False)
        assert proc.returncode == 0, proc.stderr[-3000:]
        yield root, json.loads(proc.stdout)
    finally:
        from api.scorecard import dedicated_server

        if (root / "neo4j" / "scorecard-ports.json").is_file():
            dedicated_server(root / "neo4j").stop()


@pytest.fixture(scope="module")
def card(scorecard_run) -> dict:
    out = scorecard_run[1]
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


# ------------------------------------------------------------------ issue 18: the crisis reaches its commune
class Mailbox:
    """A real SMTP server's (aiosmtpd on 127.0.0.1) received messages."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.Message]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        msg = email.message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"

    def to(self, address: str) -> list[email.message.Message]:
        with self.lock:
            return [m for rcpt, m in self.messages if address in rcpt]


def test_the_planted_crisis_reaches_its_commune_once_and_is_escalated(scorecard_run) -> None:
    """The hourly job's delivery step over the crisis of the graph the chain built (crawl, import, NLP, analysis,
    hourly warning passes): the planted crisis is routed to the commune it happened in and the environment
    department, emailed once to a real SMTP server on 127.0.0.1, and escalated to the information department when
    nobody acknowledges it."""
    from aiosmtpd.controller import Controller
    from neo4j_support import free_port

    from api.cli_units import load_all
    from api.scorecard import dedicated_server
    from casework import units
    from casework.delivery import alert_delivery_pass
    from casework.delivery_settings import DeliverySettings
    from graph.repository import GraphReader, GraphWriter

    root, _ = scorecard_run
    home = root / "neo4j"
    server = dedicated_server(home)
    driver = neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{server.s.bolt_port}",
                                        auth=("neo4j", (home / "password").read_text(encoding="utf-8").strip()))
    crisis = json.loads((root / "world" / "truth" / "crisis.json").read_text("utf-8"))
    info = "unit:org:pt:so-vhttdl"
    try:
        load_all(driver, database="neo4j")
        commune = units.unit_id_for(crisis["place"])
        w, r = GraphWriter(driver), GraphReader(driver)
        units.set_contacts(w, [{"unit_id": commune, "email": "xa@commune.example"},
                               {"unit_id": "unit:org:pt:so-nnmt", "email": "nnmt@dept.example"},
                               {"unit_id": info, "email": "vhttdl@info.example"}])
        box = Mailbox()
        smtp = Controller(box, hostname="127.0.0.1", port=free_port())
        smtp.start()
        try:
            s = DeliverySettings(smtp_host="127.0.0.1", smtp_port=smtp.port)
            start, end = datetime.fromisoformat(crisis["start"]), datetime.fromisoformat(crisis["end"])
            t = start
            while t <= end:  # the delivery step of each hourly job over the crisis (its warning passes ran)
                alert_delivery_pass(driver, now=t, settings=s)
                t += timedelta(hours=1)
            mine = r.read("read/unit_alerts", {"unit_id": commune, "status": "", "skip": 0, "limit": 500})
            assert mine, f"no alert routed to {commune}"
            crisis_posts = set(crisis["post_ids"])

            def holds_crisis(story_id: str) -> bool:
                return any(i["id"] in crisis_posts for i in r.read("read/story_items", {"id": story_id, "limit": 5000}))

            # an alert of level >= 2 on a story holding the planted posts, routed because its items name the commune
            on_crisis = [x for x in mine if x["story_id"] and x["level"] >= 2 and holds_crisis(x["story_id"])]
            assert on_crisis, mine
            assert all(any(k in " ".join(x["reasons"]) for k in ("địa bàn", "nay thuộc")) for x in on_crisis)
            dept = {x["alert_id"] for x in r.read("read/unit_alerts", {"unit_id": "unit:org:pt:so-nnmt",
                                                                       "status": "", "skip": 0, "limit": 500})}
            assert dept & {x["alert_id"] for x in on_crisis}        # a pollution story: the environment dept.
            # emailed to the commune once per alert, also when the pass runs again
            n = len(box.to("xa@commune.example"))
            assert n == len([x for x in mine if x["level"] >= s.immediate_min_level]) >= 1
            alert_delivery_pass(driver, now=end, settings=s)
            assert len(box.to("xa@commune.example")) == n
            # nobody acknowledges: after the level-2 deadline (24 h) the information department is told, once
            later = end + timedelta(hours=25)
            before = len(box.to("vhttdl@info.example"))
            assert alert_delivery_pass(driver, now=later, settings=s).escalated >= 1
            esc = box.to("vhttdl@info.example")[before:]
            assert any("chưa xác nhận" in m.get_payload(decode=True).decode("utf-8") for m in esc)
            assert alert_delivery_pass(driver, now=later + timedelta(hours=1), settings=s).escalated == 0
        finally:
            smtp.stop()
    finally:
        driver.close()
