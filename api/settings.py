"""API settings (environment prefix ``LANTOA_API_``), the deployment mode (``LANTOA_ENV``) and the list of every
settings model the application reads (checked against ``deploy.env.example`` by a test)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices, AliasPath
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LANTOA_API_", env_file=".env", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    title: str = "Lan Tỏa API"
    # redis://host:6379/0 — rate limits shared by every API worker (api/rate_limit.py); unset: per process
    redis_url: str | None = None


class RuntimeSettings(BaseSettings):
    """``LANTOA_ENV``: ``development`` (the default: a generated secret is fine) or ``production`` (the API refuses
    to start without a real secret, and with a ``LANTOA_AUTH_*`` / ``LANTOA_API_*`` variable nothing reads)."""

    model_config = SettingsConfigDict(env_prefix="LANTOA_", env_file=".env", extra="ignore")

    env: Literal["development", "production"] = "development"

    @property
    def production(self) -> bool:
        return self.env == "production"


@lru_cache(maxsize=1)
def get_api_settings() -> ApiSettings:
    return ApiSettings()


@lru_cache(maxsize=1)
def get_runtime_settings() -> RuntimeSettings:
    return RuntimeSettings()


def settings_models() -> list[type[BaseSettings]]:
    """Every pydantic-settings model the application and its commands read."""
    from api.auth import AuthSettings
    from casework.delivery_settings import DeliverySettings
    from casework.schedule import JobSettings
    from etl.config import EtlSettings
    from etl.sandbox.settings import SandboxSettings
    from graph.settings import LocalServerSettings, Neo4jSettings, PathSettings
    from nlp.settings import NlpSettings
    from operations.settings import OpsSettings

    return [ApiSettings, RuntimeSettings, AuthSettings, Neo4jSettings, LocalServerSettings, PathSettings,
            EtlSettings, SandboxSettings, NlpSettings, OpsSettings, JobSettings, DeliverySettings]


def env_names(model: type[BaseSettings]) -> set[str]:
    """The environment variables a settings model reads (upper case; prefix applied as pydantic-settings does)."""
    prefix = str(model.model_config.get("env_prefix") or "")
    names: set[str] = set()
    for field_name, info in model.model_fields.items():
        alias = info.validation_alias or info.alias
        if alias is None:
            names.add(f"{prefix}{field_name}".upper())
        elif isinstance(alias, str):
            names.add(alias.upper())
        elif isinstance(alias, AliasChoices):
            names.update(c.upper() for c in alias.choices if isinstance(c, str))
        elif isinstance(alias, AliasPath) and isinstance(alias.path[0], str):
            names.add(str(alias.path[0]).upper())
    return names


def unread_variables(environ: Mapping[str, str] | Iterable[str], models: Iterable[type[BaseSettings]],
                     prefixes: Iterable[str]) -> list[str]:
    """The variables under ``prefixes`` that none of ``models`` reads (a mistyped name is silently ignored by
    pydantic-settings: this finds it)."""
    known: set[str] = set()
    for m in models:
        known |= env_names(m)
    wanted = tuple(p.upper() for p in prefixes)
    return sorted(n for n in environ if n.upper().startswith(wanted) and n.upper() not in known)
