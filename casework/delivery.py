"""Alerts that reach people: route each alert to the units it concerns, escalate missed deadlines to the
information department, plan each unit's daily digest, and deliver by email and webhook.

Every delivery is one ``Delivery`` node per (purpose, alert or day, unit, channel), created once (MERGE), claimed
under a lock before it is sent and marked sent after, so running a pass twice (or two passes at once) never sends
it twice; a failure is retried with exponential backoff (``backoff_base_s · 2^(n-1)``, capped) until
``max_attempts``, then abandoned (and listed by ``lantoa units deliveries``). A pass that died between sending and
recording leaves a stale claim, attempted again after ``stale_claim_s`` with the same Message-ID / delivery id.

:func:`alert_delivery_pass` runs all four steps; the hourly job calls it after the warning pass.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import neo4j

from casework import messages, transport
from casework.delivery_settings import DeliverySettings, get_delivery_settings
from casework.routing import AlertFacts, backoff_delay, response_deadline, route_alert
from casework.units import watchlists
from common.errors import ConfigError, DeliveryError
from graph.repository import GraphReader, GraphWriter, UnitOfWork

log = logging.getLogger(__name__)
LOCAL_TZ = messages.LOCAL_TZ
CHANNELS = ("email", "webhook")


@dataclass(slots=True)
class DeliveryOutcome:
    alerts: int = 0       # alerts considered for routing
    routes: int = 0       # routes written (new or refreshed)
    new_routes: int = 0
    escalated: int = 0
    digests: int = 0      # digest deliveries planned
    sent: int = 0
    failed: int = 0
    abandoned: int = 0


def delivery_id(purpose: str, key: str, unit_id: str, channel: str) -> str:
    """``alert|<alert id>|<unit id>|email`` — one per purpose, alert (or day), unit and channel.

    >>> delivery_id("alert", "story:s1:L3:2025-08-15", "unit:place:1", "email")
    'alert|story:s1:L3:2025-08-15|unit:place:1|email'
    """
    return f"{purpose}|{key}|{unit_id}|{channel}"


def _channels(has_email: bool, has_webhook: bool) -> list[str]:
    return [c for c, ok in zip(CHANNELS, (has_email, has_webhook), strict=True) if ok]


# ------------------------------------------------------------------ routing
def route_pass(reader: GraphReader, writer: GraphWriter, *, now: datetime, s: DeliverySettings) -> DeliveryOutcome:
    """Route the alerts of the last ``route_lookback_hours`` (idempotent: a route keeps its first time and deadline)."""
    units, channels = watchlists(reader, with_channels=True)
    alerts = reader.read("read/routing_alerts", {
        "since": (now - timedelta(hours=s.route_lookback_hours)).isoformat(),
        "until": (now + timedelta(minutes=1)).isoformat(), "min_level": s.route_min_level})
    out = DeliveryOutcome(alerts=len(alerts))
    rows = []
    for a in alerts:
        level = int(a["level"] or 0)
        facts = AlertFacts(
            a["id"], level, subject_label=a["subject_label"], subject_id=a["subject_id"],
            mentioned_places=tuple(x for x in a["places"] if x), mentioned_orgs=tuple(x for x in a["orgs"] if x),
            topics=tuple(x for x in a["topics"] if x), texts=tuple(x for x in (a["title"], a["story_title"]) if x))
        existing = {r["unit_id"]: messages.to_datetime(r["routed_at"]) for r in a["routes"] if r}
        for route in route_alert(facts, units, info_unit_id=s.info_unit, info_min_level=s.info_min_level):
            routed_at = existing.get(route.unit_id) or now
            deadline = response_deadline(level, routed_at, s.deadline_hours)
            chans = channels.get(route.unit_id, []) if level >= s.immediate_min_level else []
            rows.append({"alert_id": a["id"], "unit_id": route.unit_id, "reasons": list(route.reasons),
                         "reason": route.reason, "level": level, "routed_at": routed_at.isoformat(),
                         "deadline_at": deadline.isoformat() if deadline else None,
                         "deliveries": [{"id": delivery_id("alert", a["id"], route.unit_id, c), "channel": c}
                                        for c in chans]})
            out.new_routes += route.unit_id not in existing
    if rows:
        writer.write("load/alert_routes", rows)
    out.routes = len(rows)
    return out


# ------------------------------------------------------------------ escalation
def escalation_pass(reader: GraphReader, writer: GraphWriter, *, now: datetime, s: DeliverySettings) -> int:
    """Escalate every route past its deadline without an acknowledgement to the information unit, once."""
    due = reader.read("read/escalations_due", {"now": now.isoformat(), "info_unit": s.info_unit})
    if not due:
        return 0
    if due[0]["info_id"] is None:
        raise ConfigError(f"the information unit {s.info_unit!r} does not exist (LANTOA_DELIVERY_INFO_UNIT; "
                          "run `lantoa units load`)")
    rows = [{"alert_id": r["alert_id"], "unit_id": r["unit_id"], "at": now.isoformat(), "to": s.info_unit,
             "reason": f"quá hạn phản hồi của {r['unit_name']}",
             "deliveries": [{"id": delivery_id("escalation", r["alert_id"], r["unit_id"], c), "channel": c}
                            for c in _channels(r["has_email"], r["has_webhook"])]} for r in due]
    writer.write("load/escalations", rows)
    return len(rows)


# ------------------------------------------------------------------ digest
def digest_day(now: datetime, digest_at: str) -> str | None:
    """The local day whose digest is due at ``now`` (yesterday, once ``digest_at`` has passed today).

    >>> from zoneinfo import ZoneInfo
    >>> tz = ZoneInfo("Asia/Ho_Chi_Minh")
    >>> digest_day(datetime(2025, 8, 16, 5, 59, tzinfo=tz), "06:00"), digest_day(datetime(2025, 8, 16, 6, 0, tzinfo=tz), "06:00")
    (None, '2025-08-15')
    """
    local = now.astimezone(LOCAL_TZ)
    h, m = (int(x) for x in digest_at.split(":"))
    if (local.hour, local.minute) < (h, m):
        return None
    return (local.date() - timedelta(days=1)).isoformat()


def _day_window(day: str) -> tuple[str, str]:
    start = datetime.fromisoformat(day).replace(tzinfo=LOCAL_TZ)
    return start.isoformat(), (start + timedelta(days=1)).isoformat()


def digest_pass(reader: GraphReader, writer: GraphWriter, *, now: datetime, s: DeliverySettings) -> int:
    """Plan yesterday's digest for every unit that had alerts routed to it and has a channel (once per day)."""
    day = digest_day(now, s.digest_at)
    if day is None:
        return 0
    since, until = _day_window(day)
    rows = [{"id": delivery_id("digest", day, r["unit_id"], c), "unit_id": r["unit_id"], "channel": c, "day": day,
             "at": now.isoformat()}
            for r in reader.read("read/digest_units", {"since": since, "until": until})
            for c in _channels(r["has_email"], r["has_webhook"])]
    if rows:
        writer.write("load/digest_deliveries", rows)
    return len(rows)


# ------------------------------------------------------------------ sending
def _claim(writer: GraphWriter, did: str, *, now: datetime, stale_before: datetime) -> dict[str, Any] | None:
    def work(uow: UnitOfWork) -> dict[str, Any] | None:
        if uow.single("load/delivery_lock", {"id": did}) is None:
            return None
        return uow.single("load/delivery_claim", {"id": did, "now": now.isoformat(),
                                                  "stale_before": stale_before.isoformat()})

    return writer.unit_of_work(work)


def _content(reader: GraphReader, d: dict[str, Any], s: DeliverySettings) -> tuple[str, str, dict[str, Any]]:
    """Subject, body and webhook data of one delivery."""
    unit = d["unit_name"] or d["unit_id"]
    if d["purpose"] in ("alert", "escalation"):
        about = d["unit_id"] if d["purpose"] == "alert" else d["escalated_unit_id"]
        rows = reader.read("read/delivery_alert", {"alert_id": d["alert_id"], "unit_id": about})
        if not rows:
            raise DeliveryError(f"alert {d['alert_id']} or its route to {about} no longer exists")
        a = rows[0]
        a["reasons"] = [str(x) for x in a["reasons"] or []]
        a["route_reasons"] = [str(x) for x in a["route_reasons"] or []]
        if d["purpose"] == "alert":
            return (messages.alert_subject(a), messages.alert_body(a, unit_name=unit, public_url=s.public_url), a)
        return (messages.alert_subject(a, escalation=True),
                messages.escalation_body(a, unit_name=unit, public_url=s.public_url), a)
    since, until = _day_window(d["day"])
    rows = reader.read("read/unit_digest", {"unit_id": d["unit_id"], "since": since, "until": until})
    data = {"day": d["day"], "alerts": [messages.plain_row(r) for r in rows]}
    return (messages.digest_subject(unit, d["day"], len(rows)), messages.digest_body(unit, d["day"], rows), data)


def _send_one(reader: GraphReader, d: dict[str, Any], s: DeliverySettings) -> None:
    subject, body, data = _content(reader, d, s)
    if d["channel"] == "email":
        if not d["email"]:
            raise DeliveryError(f"unit {d['unit_id']} has no email address any more")
        transport.send_email(s, to=d["email"], subject=subject, body=body, delivery_id=d["id"])
    elif d["channel"] == "webhook":
        if not d["webhook_url"]:
            raise DeliveryError(f"unit {d['unit_id']} has no webhook any more")
        payload = messages.webhook_payload(d["purpose"], d["id"], {"id": d["unit_id"], "name": d["unit_name"]},
                                           {"subject": subject, "text": body, **data})
        transport.post_webhook(s, url=d["webhook_url"], unit_id=d["unit_id"], payload=payload, delivery_id=d["id"],
                               timestamp=int(time.time()))
    else:
        raise DeliveryError(f"unknown channel {d['channel']!r}")


def send_pass(reader: GraphReader, writer: GraphWriter, *, now: datetime, s: DeliverySettings,
              out: DeliveryOutcome | None = None) -> DeliveryOutcome:
    """Attempt every due delivery once (at most ``batch``)."""
    out = out or DeliveryOutcome()
    stale_before = now - timedelta(seconds=s.stale_claim_s)
    due = reader.read("read/deliveries_due", {"now": now.isoformat(), "stale_before": stale_before.isoformat(),
                                              "limit": s.batch})
    for d in due:
        claim = _claim(writer, d["id"], now=now, stale_before=stale_before)
        if claim is None:
            continue  # another pass took it
        attempts = int(claim["attempts"])
        try:
            _send_one(reader, d, s)
        except (DeliveryError, ConfigError) as e:
            abandon = attempts >= s.max_attempts
            nxt = None if abandon else now + backoff_delay(attempts, base_s=s.backoff_base_s, cap_s=s.backoff_max_s)
            log.warning("delivery %s failed (attempt %d%s): %s", d["id"], attempts,
                        ", abandoned" if abandon else "", e)
            writer.write("load/delivery_result", [{"id": d["id"], "status": "abandoned" if abandon else "failed",
                                                   "at": now.isoformat(), "error": str(e)[:1000],
                                                   "next_attempt_at": nxt.isoformat() if nxt else None}])
            if abandon:
                out.abandoned += 1
            else:
                out.failed += 1
            continue
        writer.write("load/delivery_result", [{"id": d["id"], "status": "sent", "at": now.isoformat(),
                                               "error": None, "next_attempt_at": None}])
        out.sent += 1
    return out


def alert_delivery_pass(driver: neo4j.Driver, *, now: datetime, database: str = "neo4j",
                        settings: DeliverySettings | None = None) -> DeliveryOutcome:
    """Route, escalate, plan digests and send: the whole of alert delivery for one moment ``now``."""
    if now.tzinfo is None:
        raise ConfigError("now must carry a time zone")
    s = settings or get_delivery_settings()
    reader, writer = GraphReader(driver, database=database), GraphWriter(driver, database=database)
    out = route_pass(reader, writer, now=now, s=s)
    out.escalated = escalation_pass(reader, writer, now=now, s=s)
    out.digests = digest_pass(reader, writer, now=now, s=s)
    return send_pass(reader, writer, now=now, s=s, out=out)
