"""Units as users and alerts that reach them (issue 18), on the real Neo4j, a real SMTP server (aiosmtpd) and a real
HTTP webhook receiver, all on 127.0.0.1. Time is driven by passing ``now``."""

from __future__ import annotations

import email
import email.header
import json
import threading
from collections import Counter
from datetime import datetime, timedelta
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from neo4j_support import api_client, free_port
from pydantic import SecretStr

from api.cli_units import load_all
from casework import transport, units
from casework.delivery import alert_delivery_pass
from casework.delivery_settings import DeliverySettings
from graph.repository import GraphReader, GraphWriter
from nlp.gazetteer import load_gazetteer

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 8, 15, 10, 0, tzinfo=TZ)
SECRET = "webhook-secret-for-the-tests-0123456789"
INFO = "unit:org:pt:so-vhttdl"
ENV_DEPT = "unit:org:pt:so-nnmt"


# ------------------------------------------------------------------ real receivers on 127.0.0.1
class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        msg = email.message_from_bytes(envelope.original_content or envelope.content)
        msg["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        with self.lock:
            self.messages.append(msg)
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if address in m["X-Envelope-To"]]


class Hooks:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.fail_next = 0
        self.lock = threading.Lock()

    def handler(self):
        hooks = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with hooks.lock:
                    fail = hooks.fail_next > 0
                    hooks.fail_next -= 1 if fail else 0
                    hooks.requests.append({"path": self.path, "headers": dict(self.headers), "body": body,
                                           "status": 503 if fail else 200})
                self.send_response(503 if fail else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        return H

    def ok(self, path: str) -> list[dict]:
        with self.lock:
            return [r for r in self.requests if r["path"] == path and r["status"] == 200]


@pytest.fixture(scope="module")
def receivers():
    box, hooks = Mailbox(), Hooks()
    smtp = Controller(box, hostname="127.0.0.1", port=free_port())
    smtp.start()
    http = ThreadingHTTPServer(("127.0.0.1", free_port()), hooks.handler())
    t = threading.Thread(target=http.serve_forever, daemon=True)
    t.start()
    try:
        yield box, hooks, smtp.port, http.server_address[1]
    finally:
        http.shutdown()
        http.server_close()
        smtp.stop()


# ------------------------------------------------------------------ a small world
def _ward_with_former_commune() -> tuple[dict, dict, dict]:
    """A current ward, a former commune that became only it, and another current commune."""
    g = load_gazetteer()
    for f in sorted(g.places.values(), key=lambda p: p["id"]):
        if f["level"] == "former_commune" and len(f["became"]) == 1 and f["short"] != g.places[f["became"][0]]["short"]:
            ward = g.places[f["became"][0]]
            other = next(p for p in g.places.values() if p["level"] == "commune" and p["id"] != ward["id"])
            return ward, f, other
    raise AssertionError("the gazetteer has no merged commune")


def _story(w: GraphWriter, sid: str, *, place_id: str, place_name: str, at: datetime, topics: list[str],
           title: str) -> None:
    acc = f"facebook:{sid}-acc"
    w.write("load/accounts", [{"id": acc, "platform": "facebook", "handle": f"{sid}-acc", "name": "Người dân",
                               "followers": 500, "kind": None, "verified": False, "created_at": None,
                               "observed_at": at.isoformat(), "in_scope": True, "outlet": None}])
    posts = [f"facebook:{sid}-p{i}" for i in range(3)]
    w.write("load/posts", [
        {"id": pid, "platform": "facebook", "post_id": pid.split(":")[1], "account_id": acc,
         "created_at": (at - timedelta(minutes=30 - i)).isoformat(), "kind": "post", "text": title, "url": None,
         "links": [], "shared_url": None, "likes": 1, "shares": 0, "comments": 0, "views": None,
         "observed_at": at.isoformat(), "time_missing": False} for i, pid in enumerate(posts)])
    w.write("load/post_annotations", [
        {"id": pid, "nlp_version": "test", "sentiment": "negative", "sentiment_score": -0.8, "topics": topics,
         "relevance": 0.9, "relevance_reasons": [], "concerns_province": True, "fingerprint": None,
         "mentions": [{"id": place_id, "label": "LOC", "name": place_name, "count": 1}]} for pid in posts])
    w.write("load/stories", [{
        "id": sid, "run": "run1", "title": title, "first_seen_at": (at - timedelta(minutes=30)).isoformat(),
        "last_seen_at": at.isoformat(), "size": 3, "depth": 1, "breadth": 3, "virality": 1.0,
        "speed_per_hour": 6.0, "items_per_hour": 6.0, "reach": 500, "time_to_10_s": None, "time_to_100_s": None,
        "time_to_1000_s": None, "origin_post_id": posts[0], "origin_article_id": None, "origin_account": acc,
        "origin_confidence": 0.5, "origin_unobserved": False, "origin_reasons": [], "origin_candidates": "[]",
        "growth": "[]", "community_share": None, "negative_share": 1.0, "sentiment": "negative",
        "sentiment_score": -0.8}])
    w.write("load/story_members", [{"item_id": p, "story_id": sid, "run": "run1", "parent_id": None, "how": None,
                                    "confidence": None} for p in posts])


def _alert(w: GraphWriter, aid: str, *, level: int, at: datetime, story_id: str | None = None,
           subject: tuple[str, str] | None = None, title: str) -> None:
    label, sid = subject or ("story", story_id)
    w.write("load/alerts", [{"id": aid, "created_at": at.isoformat(), "level": level, "kind": "pickup",
                             "title": title, "reasons": ["lan nhanh"], "status": "open", "scope": f"{label}:{sid}",
                             "score": 1.0, "story_id": story_id, "subject_id": sid, "subject_label": label,
                             "stage": None, "run_id": None}])


@pytest.fixture(scope="module")
def world(neo4j_driver, neo4j_connection, receivers):
    database = neo4j_connection[2]
    box, hooks, smtp_port, http_port = receivers
    n1, _ = load_all(neo4j_driver, database=database)
    n2, _ = load_all(neo4j_driver, database=database)  # idempotent
    assert n1 == n2 == 163
    ward, former, other = _ward_with_former_commune()
    w = GraphWriter(neo4j_driver, database=database)
    wu, ou = units.unit_id_for(ward["id"]), units.unit_id_for(other["id"])
    units.set_contacts(w, [
        {"unit_id": wu, "email": "xa@ward.example", "webhook_url": f"http://127.0.0.1:{http_port}/ward"},
        {"unit_id": ou, "email": "khac@other.example"},
        {"unit_id": ENV_DEPT, "email": "nnmt@dept.example"},
        {"unit_id": INFO, "email": "vhttdl@info.example"}])
    s = DeliverySettings(smtp_host="127.0.0.1", smtp_port=smtp_port, webhook_secret=SecretStr(SECRET),
                         backoff_base_s=300, backoff_max_s=3600, mail_from="Lan Tỏa <lantoa@test.example>")
    return {"driver": neo4j_driver, "database": database, "ward": ward, "former": former, "other": other,
            "wu": wu, "ou": ou, "s": s, "box": box, "hooks": hooks, "w": w,
            "r": GraphReader(neo4j_driver, database=database)}


def _routes(r: GraphReader, alert_id: str) -> dict[str, dict]:
    rows = r.read("reports/alerts_recent", {"since": NOW.date() - timedelta(days=400), "min_level": 0,
                                            "limit": 1000})
    assert any(x["alert_id"] == alert_id for x in rows)
    out = {}
    for u in r.read("read/units_list", {"kind": ""}):
        for a in r.read("read/unit_alerts", {"unit_id": u["id"], "status": "", "skip": 0, "limit": 100}):
            if a["alert_id"] == alert_id:
                out[u["id"]] = a
    return out


def test_units_load_with_places_former_names_and_watchlists(world):
    r: GraphReader = world["r"]
    rows = {u["id"]: u for u in r.read("read/units_list", {"kind": ""})}
    assert len(rows) == 163 and sum(u["kind"] == "commune" for u in rows.values()) == 148
    ward = rows[world["wu"]]
    assert world["former"]["name"] in ward["former_names"]
    watch = {u["id"]: u for u in r.read("read/routing_units")}[world["wu"]]
    assert {world["ward"]["id"], world["former"]["id"]} <= {p["id"] for p in watch["places"]}
    assert "environment" in {u["id"]: u for u in r.read("read/routing_units")}[ENV_DEPT]["topics"]


def test_routed_delivered_once_retried_escalated_and_reported(world):
    d, db, s, box, hooks, w, r = (world[k] for k in ("driver", "database", "s", "box", "hooks", "w", "r"))
    ward, former, wu, ou = world["ward"], world["former"], world["wu"], world["ou"]
    # a negative story whose posts name the FORMER commune, on the environment; a level-4 alert on it
    _story(w, "s-env", place_id=former["id"], place_name=former["name"], at=NOW, topics=["environment"],
           title=f"Cá chết hàng loạt ở {former['name']}")
    _alert(w, "al-4", level=4, at=NOW, story_id="s-env", title=f"Tin tiêu cực lan rộng: cá chết ở {former['name']}")
    # and a level-2 volume alert ABOUT the ward's place
    _alert(w, "al-2", level=2, at=NOW, subject=("place", ward["id"]), title=f"Số lượng đề cập tăng: {ward['name']}")
    hooks.fail_next = 1  # the ward's messaging system is down for the first attempt

    out = alert_delivery_pass(d, now=NOW, database=db, settings=s)
    routes = _routes(r, "al-4")
    assert set(routes) == {wu, ENV_DEPT, INFO}, routes  # not the other commune
    assert routes[wu]["reasons"] == [f"tin nhắc đến {former['name']} (nay thuộc {ward['name']})"]
    assert routes[ENV_DEPT]["reasons"] == ["chủ đề Môi trường thuộc lĩnh vực theo dõi"]
    assert "mức 4" in routes[INFO]["reasons"][0]
    assert set(_routes(r, "al-2")) == {wu}
    assert out.new_routes == 4 and out.sent == 5 and out.failed == 1  # 4 emails + the L2 email; webhook failed

    # email: exactly one per (alert, unit)
    def subjects(addr: str) -> Counter:
        return Counter(str(email.header.make_header(email.header.decode_header(m["Subject"]))) for m in box.to(addr))

    assert sum(subjects("xa@ward.example").values()) == 2 and sum(subjects("nnmt@dept.example").values()) == 1
    assert not box.to("khac@other.example")
    first = box.to("xa@ward.example")
    body = next(m for m in first if "mức 4" in str(email.header.make_header(email.header.decode_header(
        m["Subject"])))).get_payload(decode=True).decode("utf-8")
    assert f"Kính gửi {ward['name']}" in body and "trước 12:00 15/08/2025" in body

    # the same pass again, and a minute later: nothing is sent twice, the failed webhook is not yet due
    alert_delivery_pass(d, now=NOW, database=db, settings=s)
    again = alert_delivery_pass(d, now=NOW + timedelta(minutes=1), database=db, settings=s)
    assert again.sent == 0 and again.new_routes == 0
    assert len(box.messages) == 4 and len(hooks.requests) == 2  # both webhook posts (L4, L2) tried once

    # after the backoff (300 s) the webhook is retried and succeeds; it carries a valid signature
    retry = alert_delivery_pass(d, now=NOW + timedelta(minutes=6), database=db, settings=s)
    assert retry.sent == 1 and len(box.messages) == 4
    ok = hooks.ok("/ward")
    assert len(ok) == 2 and len({x["headers"]["X-Lantoa-Delivery"] for x in ok}) == 2
    key = transport.unit_webhook_key(SECRET, wu)
    for x in ok:
        h = x["headers"]
        assert transport.verify(key, int(h["X-Lantoa-Timestamp"]), x["body"], h["X-Lantoa-Signature"])
        assert not transport.verify(transport.unit_webhook_key(SECRET, ou), int(h["X-Lantoa-Timestamp"]),
                                    x["body"], h["X-Lantoa-Signature"])
    payloads = {json.loads(x["body"])["alert_id"]: json.loads(x["body"]) for x in ok}
    assert payloads["al-4"]["event"] == "alert" and payloads["al-4"]["unit"]["id"] == wu
    assert alert_delivery_pass(d, now=NOW + timedelta(hours=1), database=db, settings=s).sent == 0

    # the level-4 deadline (2 h) passes unacknowledged: one escalation per missed route, to the information unit
    before = len(box.to("vhttdl@info.example"))
    esc = alert_delivery_pass(d, now=NOW + timedelta(hours=2, minutes=1), database=db, settings=s)
    assert esc.escalated == 2  # the ward's and the department's level-4 routes; the L2 route has 24 h
    escalations = box.to("vhttdl@info.example")[before:]
    assert len(escalations) == 2
    texts = [m.get_payload(decode=True).decode("utf-8") for m in escalations]
    assert any(f"Đơn vị {ward['name']} chưa xác nhận" in t for t in texts)
    assert all("Quá hạn phản hồi" in str(email.header.make_header(email.header.decode_header(m["Subject"])))
               for m in escalations)
    for later in (NOW + timedelta(hours=2, minutes=2), NOW + timedelta(hours=3)):
        assert alert_delivery_pass(d, now=later, database=db, settings=s).escalated == 0
    assert len(box.to("vhttdl@info.example")) == before + 2
    routes = _routes(r, "al-4")
    assert routes[wu]["escalated_at"] is not None and routes[INFO]["escalated_at"] is None

    # the response-time report: the ward had two alerts, none acknowledged, one escalated
    rep = {x["unit_id"]: x for x in r.read("reports/unit_response_times",
                                           {"since": NOW.date(), "kind": "", "limit": 500})}
    assert rep[wu]["routed"] == 2 and rep[wu]["acknowledged"] == 0 and rep[wu]["escalated"] == 1
    assert rep[wu]["overdue_open"] == 2 and rep[ENV_DEPT]["escalated"] == 1


def test_daily_digest_once_per_unit_and_day(world):
    d, db, s, box = (world[k] for k in ("driver", "database", "s", "box"))
    morning = datetime(2025, 8, 16, 6, 30, tzinfo=TZ)
    before = len(box.to("xa@ward.example"))
    out = alert_delivery_pass(d, now=morning, database=db, settings=s)
    assert out.digests >= 4  # ward (email + webhook), the department, the information unit
    digests = box.to("xa@ward.example")[before:]
    assert len(digests) == 1
    text = digests[0].get_payload(decode=True).decode("utf-8")
    assert "15/08/2025" in text and text.count("\n- mức") == 2
    assert alert_delivery_pass(d, now=morning + timedelta(hours=1), database=db, settings=s).digests == 4
    assert len(box.to("xa@ward.example")) == before + 1  # planned again, never sent again


def test_smtp_down_is_retried_then_delivered_once(world):
    d, db, s, box, w, r = (world[k] for k in ("driver", "database", "s", "box", "w", "r"))
    other = world["other"]
    at = NOW + timedelta(hours=20)  # before the level-2 route's deadline (24 h)
    _alert(w, "al-other", level=3, at=at, subject=("place", other["id"]), title=f"Tin tiêu cực về {other['name']}")
    down = s.model_copy(update={"smtp_port": free_port()})  # nothing listens there
    out = alert_delivery_pass(d, now=at, database=db, settings=down)
    assert out.failed == 2 and out.sent == 0  # the commune's and the information unit's emails
    failed = r.read("read/deliveries_list", {"status": "failed", "limit": 50})
    assert {x["id"] for x in failed} == {f"alert|al-other|{world['ou']}|email", f"alert|al-other|{INFO}|email"}
    assert all(x["attempts"] == 1 and x["last_error"] for x in failed)
    n = len(box.messages)
    assert alert_delivery_pass(d, now=at + timedelta(minutes=6), database=db, settings=s).sent == 2
    assert alert_delivery_pass(d, now=at + timedelta(minutes=20), database=db, settings=s).sent == 0
    assert len(box.messages) == n + 2 and len(box.to("khac@other.example")) == 1


def test_an_officer_acknowledges_and_the_information_unit_sees_the_response_time(world, neo4j_connection):
    d, db, s, w, r = (world[k] for k in ("driver", "database", "s", "w", "r"))
    ward, wu, ou = world["ward"], world["wu"], world["ou"]
    routed = datetime.now(TZ) - timedelta(minutes=90)
    _alert(w, "al-now", level=3, at=routed, subject=("place", ward["id"]), title=f"Phản ánh về {ward['name']}")
    alert_delivery_pass(d, now=routed, database=db, settings=s)
    env = {"LANTOA_AUTH_SECRET_KEY": "test-secret-for-issue-18-tests-0123456789",
           "LANTOA_AUTH_ARGON2_TIME_COST": "1", "LANTOA_AUTH_ARGON2_MEMORY_KIB": "8192"}
    with api_client(neo4j_connection, **env) as c:
        from api.auth import UserStore

        store = UserStore(d, database=db)
        for uid, unit in (("canbo.xa", wu), ("canbo.khac", ou), ("canbo.vhttdl", INFO)):
            store.add_user(uid, "mat-khau-thu-nghiem-1", ["analyst"])
            units.set_membership(w, unit, uid)

        def login(uid: str) -> dict[str, str]:
            t = c.post("/auth/token", data={"username": uid, "password": "mat-khau-thu-nghiem-1"})
            assert t.status_code == 200, t.text
            return {"Authorization": f"Bearer {t.json()['access_token']}"}

        officer, stranger, info = login("canbo.xa"), login("canbo.khac"), login("canbo.vhttdl")
        assert [u["id"] for u in c.get("/units/mine", headers=officer).json()] == [wu]
        page = c.get(f"/units/{wu}/alerts", params={"status": "open"}, headers=officer)
        assert page.status_code == 200, page.text
        mine = {a["alert_id"]: a for a in page.json()["items"]}
        assert "al-now" in mine and mine["al-now"]["deadline_at"] and not mine["al-now"]["overdue"]
        assert mine["al-4"]["overdue"] and mine["al-4"]["escalated_at"]
        assert c.get(f"/units/{wu}/stories", headers=officer).json()[0]["story_id"] == "s-env"
        # another commune's officer sees and acknowledges nothing of this ward; the information unit sees it
        assert c.get(f"/units/{wu}/alerts", headers=stranger).status_code == 403
        assert c.post(f"/units/{wu}/alerts/al-now/acknowledge", json={}, headers=stranger).status_code == 403
        assert c.post(f"/units/{wu}/alerts/al-now/acknowledge", json={}, headers=info).status_code == 403
        assert c.get(f"/units/{wu}/alerts", headers=info).status_code == 200
        assert c.get("/units/unit:nope/alerts", headers=info).status_code == 404
        assert c.get(f"/units/{wu}/alerts").status_code == 401

        ack = c.post(f"/units/{wu}/alerts/al-now/acknowledge", json={"note": "Đã giao xác minh"}, headers=officer)
        assert ack.status_code == 200, ack.text
        body = ack.json()
        assert body["acknowledged_by"] == "canbo.xa" and body["on_time"] is True
        assert body["response_minutes"] >= 90
        again = c.post(f"/units/{wu}/alerts/al-now/acknowledge", json={"note": "lần hai"}, headers=officer).json()
        assert again["acknowledged_at"] == body["acknowledged_at"] and again["ack_note"] == "Đã giao xác minh"
        assert c.post(f"/units/{wu}/alerts/al-other/acknowledge", json={}, headers=officer).status_code == 404
        open_now = {a["alert_id"] for a in c.get(f"/units/{wu}/alerts", params={"status": "open"},
                                                  headers=officer).json()["items"]}
        assert "al-now" not in open_now and "al-4" in open_now

        rep = c.get("/reports/unit_response_times/run", params={"since": NOW.date().isoformat()}, headers=info)
        assert rep.status_code == 200, rep.text
        row = {x["unit_id"]: x for x in rep.json()["rows"]}[wu]
        assert row["routed"] == 3 and row["acknowledged"] == 1 and row["on_time"] == 1
        assert row["median_minutes"] >= 90 and row["escalated"] == 2  # al-4 and, past its 24 h, al-2
    # no escalation for the acknowledged route, even long after its deadline
    assert alert_delivery_pass(d, now=routed + timedelta(hours=7), database=db, settings=s).escalated == 0


def test_a_delivery_is_claimed_by_one_pass_only(world):
    """Two passes that read the same due delivery: only the first claim wins, a sent one is never claimed again."""
    from casework.delivery import _claim

    d, db, s, w, r = (world[k] for k in ("driver", "database", "s", "w", "r"))
    at = NOW + timedelta(hours=21)
    _alert(w, "al-claim", level=2, at=at, subject=("place", world["other"]["id"]), title="Tin về xã khác")
    from casework.delivery import route_pass

    route_pass(r, w, now=at, s=s)
    did = f"alert|al-claim|{world['ou']}|email"
    due = {x["id"] for x in r.read("read/deliveries_due", {"now": at.isoformat(),
                                                          "stale_before": (at - timedelta(hours=1)).isoformat(),
                                                          "limit": 100})}
    assert did in due
    stale = at - timedelta(seconds=s.stale_claim_s)
    first = _claim(w, did, now=at, stale_before=stale)
    assert first is not None and first["attempts"] == 1
    assert _claim(w, did, now=at, stale_before=stale) is None  # the second pass finds it taken
    # a claim left by a pass that died is taken again only once it is stale, with the attempt counted
    assert _claim(w, did, now=at + timedelta(seconds=s.stale_claim_s - 1), stale_before=stale) is None
    later = at + timedelta(seconds=s.stale_claim_s + 1)
    again = _claim(w, did, now=later, stale_before=later - timedelta(seconds=s.stale_claim_s))
    assert again is not None and again["attempts"] == 2
    w.write("load/delivery_result", [{"id": did, "status": "sent", "at": later.isoformat(), "error": None,
                                      "next_attempt_at": None}])
    much_later = later + timedelta(days=1)
    assert _claim(w, did, now=much_later, stale_before=much_later) is None
