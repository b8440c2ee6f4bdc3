"""Settings of alert routing and delivery to units (email over SMTP, signed webhooks), environment prefix
``LANTOA_DELIVERY_``."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from casework.routing import DEFAULT_DEADLINE_HOURS


class DeliverySettings(BaseSettings):
    """Environment prefix ``LANTOA_DELIVERY_``."""

    model_config = SettingsConfigDict(env_prefix="LANTOA_DELIVERY_", env_file=".env", extra="ignore")

    # SMTP (smtplib): plain, STARTTLS or implicit TLS, optional login
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_security: str = Field(default="none", pattern="^(none|starttls|tls)$")
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_s: float = Field(default=20.0, gt=0)
    mail_from: str = "Lan Tỏa <lantoa@localhost>"
    # webhooks: each unit's key is HMAC-SHA256(webhook_secret, unit id) (`lantoa units webhook-key UNIT`)
    webhook_secret: SecretStr | None = None
    webhook_timeout_s: float = Field(default=15.0, gt=0)
    # routing: the information department's unit gets every alert at info_min_level or above, and escalations
    info_unit: str = "unit:org:pt:so-vhttdl"
    info_min_level: int = Field(default=3, ge=0, le=4)
    route_min_level: int = Field(default=1, ge=0, le=4)      # alerts below it are not routed
    immediate_min_level: int = Field(default=2, ge=0, le=4)  # below it: only in the daily digest
    route_lookback_hours: float = Field(default=48.0, gt=0)
    # response deadline (hours) by crisis level; a level without one is never escalated
    deadline_hours: dict[int, float] = Field(default_factory=lambda: dict(DEFAULT_DEADLINE_HOURS))
    # retries: base · 2^(n-1) seconds after the n-th failure, capped; abandoned after max_attempts
    max_attempts: int = Field(default=8, ge=1)
    backoff_base_s: float = Field(default=300.0, gt=0)
    backoff_max_s: float = Field(default=6 * 3600.0, gt=0)
    # a claim older than this (a pass that died while sending) is attempted again
    stale_claim_s: float = Field(default=1800.0, gt=0)
    batch: int = Field(default=200, ge=1)
    digest_at: str = Field(default="06:00", pattern=r"^\d{2}:\d{2}$")  # local time; the digest covers yesterday
    public_url: str = ""  # links in messages (e.g. https://lantoa.example.vn); empty: no links

    @field_validator("deadline_hours")
    @classmethod
    def _levels(cls, v: dict[int, float]) -> dict[int, float]:
        bad = [k for k in v if not 0 <= int(k) <= 4]
        if bad:
            raise ValueError(f"crisis levels are 0-4, not {bad}")
        return {int(k): float(h) for k, h in v.items()}


@lru_cache(maxsize=1)
def get_delivery_settings() -> DeliverySettings:
    return DeliverySettings()
