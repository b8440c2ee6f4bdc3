"""The two channels that carry alerts to units: email over SMTP (``smtplib``) and a webhook (HTTP POST of JSON,
signed with HMAC-SHA256). Every failure is a :class:`DeliveryError` (the delivery pass retries it later).

A webhook request carries::

    X-Lantoa-Delivery:  the delivery id (stable across retries: a receiver drops one it has seen)
    X-Lantoa-Timestamp: seconds since the epoch
    X-Lantoa-Signature: sha256=<hex HMAC-SHA256(unit key, timestamp + "." + body)>

where the unit key is :func:`unit_webhook_key` (``lantoa units webhook-key UNIT`` prints it).

>>> key = unit_webhook_key("s3cret", "unit:place:04792")
>>> sig = sign(key, 1755230400, b'{"a":1}')
>>> verify(key, 1755230400, b'{"a":1}', sig), verify(key, 1755230400, b'{"a":2}', sig)
(True, False)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

import httpx

from casework.delivery_settings import DeliverySettings
from common.errors import ConfigError, DeliveryError


def unit_webhook_key(secret: str, unit_id: str) -> str:
    """The unit's own signing key, derived from the deployment's secret (no key is stored in the graph)."""
    return hmac.new(secret.encode(), f"lantoa-webhook:{unit_id}".encode(), hashlib.sha256).hexdigest()


def sign(key: str, timestamp: int, body: bytes) -> str:
    return "sha256=" + hmac.new(key.encode(), str(int(timestamp)).encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(key: str, timestamp: int, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(key, timestamp, body), signature)


def message_id(delivery_id: str) -> str:
    """A Message-ID that stays the same for every attempt of one delivery (mail clients fold duplicates).

    >>> message_id("alert|a|u|email") == message_id("alert|a|u|email")
    True
    """
    return f"<{hashlib.sha256(delivery_id.encode()).hexdigest()[:32]}@lantoa>"


def send_email(settings: DeliverySettings, *, to: str, subject: str, body: str, delivery_id: str) -> None:
    """Send one plain-text UTF-8 message through the configured SMTP server."""
    msg = EmailMessage()
    msg["From"] = settings.mail_from
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id(delivery_id) if delivery_id else make_msgid(domain="lantoa")
    msg["X-Lantoa-Delivery"] = delivery_id
    msg.set_content(body)
    try:
        if settings.smtp_security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                                  timeout=settings.smtp_timeout_s,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_s)
        with smtp:
            if settings.smtp_security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
                smtp.login(settings.smtp_user, password)
            refused = smtp.send_message(msg)
    except (smtplib.SMTPException, OSError) as e:
        raise DeliveryError(f"SMTP {settings.smtp_host}:{settings.smtp_port} did not take the message to {to}: "
                            f"{e}") from e
    if refused:
        raise DeliveryError(f"SMTP refused {sorted(refused)}")


def post_webhook(settings: DeliverySettings, *, url: str, unit_id: str, payload: dict[str, Any],
                 delivery_id: str, timestamp: int) -> None:
    """POST ``payload`` as JSON, signed with the unit's key; any status but 2xx is a failure."""
    if settings.webhook_secret is None:
        raise ConfigError("LANTOA_DELIVERY_WEBHOOK_SECRET is not set: webhooks cannot be signed")
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    key = unit_webhook_key(settings.webhook_secret.get_secret_value(), unit_id)
    headers = {"Content-Type": "application/json; charset=utf-8", "X-Lantoa-Delivery": delivery_id,
               "X-Lantoa-Timestamp": str(int(timestamp)), "X-Lantoa-Signature": sign(key, timestamp, body),
               "User-Agent": "lantoa-delivery/1"}
    try:
        r = httpx.post(url, content=body, headers=headers, timeout=settings.webhook_timeout_s,
                       follow_redirects=False)
    except httpx.HTTPError as e:
        raise DeliveryError(f"webhook {url} unreachable: {e}") from e
    if not 200 <= r.status_code < 300:
        raise DeliveryError(f"webhook {url} answered {r.status_code}: {r.text[:200]}")
