"""Settings for operations: backups and personal-data retention (``LANTOA_OPS_*``).

* ``LANTOA_OPS_BACKUP_DIR`` — where ``lantoa backup`` writes archives (default ``<data_dir>/backups``).
* ``LANTOA_OPS_BACKUP_KEY`` — a secret; when set, every archive's manifest carries an HMAC-SHA256 and a
  restore refuses an archive whose HMAC is missing or wrong (a plain SHA-256 manifest only catches
  accidents: whoever edits a file can recompute it).
* ``LANTOA_OPS_RETENTION_*_DAYS`` — how long personal data is kept (see ``operations/retention.py``).
* ``LANTOA_OPS_CONTROLLER_*`` — who the data controller is, for the data-processing record.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.settings import get_path_settings


class OpsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LANTOA_OPS_", env_file=".env", extra="ignore")

    backup_dir: Path | None = None
    backup_key: SecretStr | None = None
    # retention, in days (0 disables that rule)
    retention_post_days: int = Field(default=730, ge=0)
    retention_account_days: int = Field(default=730, ge=0)
    retention_feedback_contact_days: int = Field(default=365, ge=0)
    retention_feedback_days: int = Field(default=1825, ge=0)
    retention_evidence_days: int = Field(default=1825, ge=0)  # captures and their files (a Case holds its own)
    retention_idempotency_key_days: int = Field(default=30, ge=0)  # clients' Idempotency-Keys (retries come soon)
    # the data controller named in the processing record
    controller_name: str = "Sở Văn hóa, Thể thao và Du lịch tỉnh Phú Thọ"
    controller_address: str = "tỉnh Phú Thọ"
    controller_contact: str = "(điền đầu mối liên hệ)"
    dpo_contact: str = "(điền bộ phận/người phụ trách bảo vệ dữ liệu cá nhân)"

    def resolved_backup_dir(self) -> Path:
        return self.backup_dir or (get_path_settings().data_dir / "backups")

    def key_bytes(self) -> bytes | None:
        if self.backup_key is None:
            return None
        raw = self.backup_key.get_secret_value()
        return raw.encode("utf-8") if raw else None


@lru_cache(maxsize=1)
def get_ops_settings() -> OpsSettings:
    return OpsSettings()
