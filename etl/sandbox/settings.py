"""Settings for the sandbox web (read through a cached getter)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

_REPO = Path(__file__).resolve().parents[2]


class SandboxSettings(BaseSettings):
    """Where the gazetteer lives (never copied into the repository)."""

    model_config = SettingsConfigDict(env_prefix="LANTOA_", extra="ignore")

    gazetteer_dir: Path = _REPO.parent / "shared" / "gazetteer"


@lru_cache(maxsize=1)
def get_sandbox_settings() -> SandboxSettings:
    return SandboxSettings()
