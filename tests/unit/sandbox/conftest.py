from __future__ import annotations

from pathlib import Path

import pytest

from etl.sandbox import generate
from etl.sandbox.settings import get_sandbox_settings


def _gazetteer() -> Path:
    g = get_sandbox_settings().gazetteer_dir
    if not (g / "phutho_new_units_2025.csv").is_file():
        pytest.fail(f"gazetteer not found at {g} (set LANTOA_GAZETTEER_DIR)", pytrace=False)
    return g


@pytest.fixture(scope="session")
def tiny_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world") / "tiny"
    generate(out, seed=7, size="tiny", gazetteer_dir=_gazetteer())
    return out


@pytest.fixture(scope="session")
def gazetteer_dir() -> Path:
    return _gazetteer()
