"""Settings for the collection side (crawler, importer, evidence): one pydantic-settings class, one getter.

Environment variables ``LANTOA_ETL_*`` (or ``.env``) override the defaults; paths default under
``PathSettings.data_dir`` (``var/``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.settings import get_path_settings


class EtlSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LANTOA_ETL_", env_file=".env", extra="ignore")

    state_dir: Path | None = None          # default: data_dir/etl
    evidence_dir: Path | None = None       # default: PathSettings.evidence_dir
    spool_dir: Path | None = None          # default: PathSettings.spool_dir
    sources_file: Path | None = None       # default: the packaged etl/sources.yaml
    user_agent: str = "LanToaBot/0.1 (+https://sotttt.phutho.gov.vn/lantoa; bao-chi@phutho.gov.vn)"
    obey_robots: bool = True
    concurrent_requests: int = 32
    concurrent_per_host: int = 4
    download_delay_s: float = 0.0
    autothrottle: bool = True
    autothrottle_target_concurrency: float = 4.0
    download_timeout_s: float = 30.0
    max_page_bytes: int = 32 * 1024 * 1024
    warn_page_bytes: int = 8 * 1024 * 1024
    retry_times: int = 3
    retry_backoff_s: float = 0.5
    redirect_max: int = 5
    proxy: str | None = None               # e.g. the sandbox server: http://127.0.0.1:8800
    write_batch_size: int = 200
    flush_interval_s: float = 2.0
    store_irrelevant: bool = True          # keep articles that do not concern the province (flagged)
    relevance_threshold: float | None = None  # None: the scorer's own threshold
    near_duplicate_threshold: float = 0.6
    section_max_pages: int = 50
    default_revisit_minutes: float = 10.0
    follower_threshold: int = 2000         # social accounts below are kept but marked out of scope
    import_batch_size: int = 2000

    @property
    def state_path(self) -> Path:
        return self.state_dir or get_path_settings().data_dir / "etl"

    @property
    def evidence_path(self) -> Path:
        return self.evidence_dir or get_path_settings().evidence_dir

    @property
    def spool_path(self) -> Path:
        return self.spool_dir or get_path_settings().spool_dir


@lru_cache(maxsize=1)
def get_etl_settings() -> EtlSettings:
    return EtlSettings()
