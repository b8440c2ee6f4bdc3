"""Settings of the NLP layer, read through a cached getter.

Environment variables (or ``.env``) override the defaults:

* ``LANTOA_GAZETTEER_DIR``  — official 2025 old→new unit tables (default ``<repo>/../shared/gazetteer``)
* ``LANTOA_EVAL_DATA_DIR``  — public evaluation data (default ``<repo>/../shared/eval-data``)
* ``LANTOA_NLP_MODELS_DIR`` — trained artefacts (default ``nlp/models`` inside the repo)
* ``LANTOA_NLP_MAX_CHARS`` / ``LANTOA_NLP_NER_MAX_CHARS`` / ``LANTOA_NLP_BATCH_SIZE`` / ``LANTOA_NLP_N_PROCESS``
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

_PKG_DIR = Path(__file__).resolve().parent
_REPO_ROOT = _PKG_DIR.parent


class NlpSettings(BaseSettings):
    """Where the NLP layer finds its data and how much text it processes per record."""

    model_config = SettingsConfigDict(env_prefix="LANTOA_", env_file=".env", extra="ignore")

    gazetteer_dir: Path = Field(default_factory=lambda: _REPO_ROOT.parent / "shared" / "gazetteer")
    eval_data_dir: Path = Field(default_factory=lambda: _REPO_ROOT.parent / "shared" / "eval-data")
    nlp_models_dir: Path = Field(default_factory=lambda: _PKG_DIR / "models")
    # Characters of one record that get entities/relevance at all (the rest is reported as truncated).
    nlp_max_chars: int = 200_000
    # Characters of one record that go through underthesea's CRF NER (~120 sentences/s per core);
    # beyond that the gazetteer, agency and title rules still run on a fast syllable segmentation.
    nlp_ner_max_chars: int = 30_000
    nlp_batch_size: int = 32
    nlp_n_process: int = 1

    @property
    def data_dir(self) -> Path:
        """Data files shipped with nlp/ (agencies, office-holders, lexicons)."""
        return _PKG_DIR / "data"


@lru_cache(maxsize=1)
def get_settings() -> NlpSettings:
    return NlpSettings()
