"""The chain for issue 18: the tiny sandbox world (seed 1) crawled from 127.0.0.1, imported, annotated by the real
NLP stage and analysed, then the hourly job's two steps over its crisis — the warning pass and the alert delivery
pass — against a real SMTP server on 127.0.0.1. The planted crisis (truth/crisis.json) reaches the commune it
happened in, is emailed to it once, and is escalated to the information department when nobody acknowledges it."""

from __future__ import annotations

import email
import json
import threading
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from neo4j_support import free_port

from api import chain
from api.cli_units import load_all
from api.scorecard import EvaluateResult, load_world
from casework import units
from casework.delivery import alert_delivery_pass
from casework.delivery_settings import DeliverySettings
from graph.repository import GraphReader, GraphWriter

INFO = "unit:org:pt:so-vhttdl"


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        msg = email.message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"

    def to(self, address: str) -> list:
        with self.lock:
            return [m for rcpt, m in self.messages if address in rcpt]


@pytest.fixture(scope="module")
def loaded(neo4j_driver, neo4j_connection, neo4j_env, tiny_world_seed1, tmp_path_factory):
    database = neo4j_connection[2]
    work = tmp_path_factory.mktemp("chain-work")
    env = {**neo4j_env, "LANTOA_ETL_STATE_DIR": str(work / "state"), "LANTOA_ETL_EVIDENCE_DIR": str(work / "ev"),
           "LANTOA_ETL_SPOOL_DIR": str(work / "spool")}
    result = EvaluateResult(world=str(tiny_world_seed1), manifest={}, database="test")
    load_world(neo4j_driver, tiny_world_seed1, workdir=work, env=env, stage=lambda n, label, fn: fn(), result=result)
    chain.analyse(neo4j_driver, tiny_world_seed1)
    load_all(neo4j_driver, database=database)
    return neo4j_driver, database, json.loads((tiny_world_seed1 / "truth" / "crisis.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def tiny_world_seed1(tmp_path_factory):
    from etl.sandbox import generate

    out = tmp_path_factory.mktemp("world") / "tiny1"
    generate(out, seed=1, size="tiny")
    return out


def test_the_planted_crisis_reaches_its_commune_once_and_is_escalated(loaded, tiny_world_seed1):
    driver, database, crisis = loaded
    commune = units.unit_id_for(crisis["place"])
    w, r = GraphWriter(driver, database=database), GraphReader(driver, database=database)
    units.set_contacts(w, [{"unit_id": commune, "email": "xa@commune.example"},
                           {"unit_id": "unit:org:pt:so-nnmt", "email": "nnmt@dept.example"},
                           {"unit_id": INFO, "email": "vhttdl@info.example"}])
    box = Mailbox()
    smtp = Controller(box, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        s = DeliverySettings(smtp_host="127.0.0.1", smtp_port=smtp.port)
        start = datetime.fromisoformat(crisis["start"])
        end = datetime.fromisoformat(crisis["end"])
        t = start
        while t <= end:  # the hourly job over the crisis: warning pass, then delivery
            chain.warn(driver, tiny_world_seed1, now=t)
            alert_delivery_pass(driver, now=t, database=database, settings=s)
            t += timedelta(hours=1)
        mine = r.read("read/unit_alerts", {"unit_id": commune, "status": "", "skip": 0, "limit": 500})
        assert mine, f"no alert routed to {commune}"
        crisis_posts = set(crisis["post_ids"])

        def holds_crisis(story_id: str) -> bool:
            items = r.read("read/story_items", {"id": story_id, "limit": 5000})
            return any(i["id"] in crisis_posts for i in items)

        # the commune gets the crisis: an alert of level >= 2 on a story holding the planted crisis posts, routed
        # because its items name the commune (or a former commune that became it)
        on_crisis = [x for x in mine if x["story_id"] and x["level"] >= 2 and holds_crisis(x["story_id"])]
        assert on_crisis, mine
        assert all(any(k in " ".join(x["reasons"]) for k in ("địa bàn", "nay thuộc")) for x in on_crisis)
        # and the environment department too (the crisis is a pollution story)
        dept = {x["alert_id"] for x in r.read("read/unit_alerts", {"unit_id": "unit:org:pt:so-nnmt", "status": "",
                                                                   "skip": 0, "limit": 500})}
        assert dept & {x["alert_id"] for x in on_crisis}
        # delivered by email to the commune, once per alert, also when the pass runs again
        n = len(box.to("xa@commune.example"))
        immediate = [x for x in mine if x["level"] >= s.immediate_min_level]
        assert n == len(immediate) >= 1
        alert_delivery_pass(driver, now=end, database=database, settings=s)
        assert len(box.to("xa@commune.example")) == n
        # nobody acknowledges: after the level-2 deadline (24 h) the information department is told, once
        later = end + timedelta(hours=25)
        info_before = len(box.to("vhttdl@info.example"))
        out = alert_delivery_pass(driver, now=later, database=database, settings=s)
        assert out.escalated >= 1
        esc = box.to("vhttdl@info.example")[info_before:]
        assert any("chưa xác nhận" in m.get_payload(decode=True).decode("utf-8") for m in esc)
        assert alert_delivery_pass(driver, now=later + timedelta(hours=1), database=database,
                                   settings=s).escalated == 0
    finally:
        smtp.stop()
