"""Settings for the graph layer: one pydantic-settings class per concern, read through cached getters.

Environment variables (or a ``.env`` file in the working directory) override the defaults:

* ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE`` — an external server. When
  ``NEO4J_URI`` is unset the project uses its own local server (``lantoa neo4j start``).
* ``LANTOA_NEO4J_HOME``, ``LANTOA_NEO4J_BOLT_PORT``, ``LANTOA_NEO4J_HEAP`` … — the local server.
* ``LANTOA_DATA_DIR``, ``LANTOA_EVAL_DATA_DIR``, ``LANTOA_GAZETTEER_DIR`` — where data lives.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

NEO4J_VERSION = "5.26.30"
_REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_data_dir() -> Path:
    return _REPO_ROOT / "var"


class Neo4jSettings(BaseSettings):
    """How to reach Neo4j. ``uri`` unset means: the embedded default (the local server)."""

    model_config = SettingsConfigDict(env_prefix="NEO4J_", env_file=".env", extra="ignore")

    uri: str | None = None
    user: str = "neo4j"
    password: str | None = None
    database: str = "neo4j"
    max_connection_pool_size: int = 50
    connection_timeout_s: float = 10.0
    max_transaction_retry_time_s: float = 30.0

    @property
    def external(self) -> bool:
        return bool(self.uri)


class LocalServerSettings(BaseSettings):
    """The local Neo4j Community server that the project fetches and runs itself."""

    model_config = SettingsConfigDict(env_prefix="LANTOA_NEO4J_", env_file=".env", extra="ignore")

    version: str = NEO4J_VERSION
    home: Path = Field(default_factory=lambda: _default_data_dir() / "neo4j")
    jar_cache: Path = Field(default_factory=lambda: Path.home() / ".cache" / "lantoa" / f"neo4j-{NEO4J_VERSION}")
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = "4g"
    pagecache: str = "4g"
    tx_memory_max: str = "2g"
    java: str = "java"
    mvn: str = "mvn"
    start_timeout_s: float = 180.0

    @field_validator("home", "jar_cache")
    @classmethod
    def _absolute(cls, v: Path) -> Path:
        # the server runs with its home as working directory: a relative home would resolve twice
        return v.expanduser().resolve()

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"


class PathSettings(BaseSettings):
    """Where the project keeps and finds data."""

    model_config = SettingsConfigDict(env_prefix="LANTOA_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    eval_data_dir: Path = Field(default_factory=lambda: _REPO_ROOT.parent / "shared" / "eval-data")
    gazetteer_dir: Path = Field(default_factory=lambda: _REPO_ROOT.parent / "shared" / "gazetteer")

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    @property
    def spool_dir(self) -> Path:
        return self.data_dir / "spool"


@lru_cache(maxsize=1)
def get_neo4j_settings() -> Neo4jSettings:
    return Neo4jSettings()


@lru_cache(maxsize=1)
def get_local_server_settings() -> LocalServerSettings:
    return LocalServerSettings()


@lru_cache(maxsize=1)
def get_path_settings() -> PathSettings:
    return PathSettings()


def clear_caches() -> None:
    """Forget cached settings (tests change the environment)."""
    get_neo4j_settings.cache_clear()
    get_local_server_settings.cache_clear()
    get_path_settings.cache_clear()
