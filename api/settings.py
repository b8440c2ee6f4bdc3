"""API settings (environment prefix ``LANTOA_API_``)."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LANTOA_API_", env_file=".env", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    title: str = "Lan Tỏa API"


@lru_cache(maxsize=1)
def get_api_settings() -> ApiSettings:
    return ApiSettings()
