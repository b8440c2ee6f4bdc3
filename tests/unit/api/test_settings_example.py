"""deploy.env.example against the settings models the application reads, and the production start-up check
(missing, short, placeholder, generated or mistyped secret: the API refuses to start with one clear line)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

from api import auth
from api.settings import env_names, settings_models, unread_variables
from common.errors import ConfigError

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "deploy.env.example"
_LINE = re.compile(r"^\s*#?\s*([A-Z][A-Z0-9_]*)\s*=(.*)$")
GOOD_SECRET = "qV3x9-Lm2Rk7_Tz4Pw8Ny1Hs6Jd0Bc5Fg"  # 34 characters, many distinct


def example_variables(text: str) -> dict[str, str]:
    """NAME=value lines, commented-out ones included (an operator uncomments them as they are)."""
    out = {}
    for line in text.splitlines():
        m = _LINE.match(line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


@pytest.fixture(autouse=True)
def _clean(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.startswith(("LANTOA_AUTH_", "LANTOA_API_", "LANTOA_ENV")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env file
    auth.reset_caches()
    yield
    auth.reset_caches()


def _project_settings_classes() -> set[str]:
    """Every ``class X(BaseSettings)`` in the project's packages, by qualified name."""
    found = set()
    for pkg in ("api", "casework", "common", "etl", "graph", "nlp", "operations", "viz"):
        for path in (REPO / pkg).rglob("*.py"):
            for m in re.finditer(r"^class\s+(\w+)\(BaseSettings\)", path.read_text(encoding="utf-8"), re.M):
                mod = ".".join(path.relative_to(REPO).with_suffix("").parts)
                found.add(f"{mod}.{m.group(1)}")
    return found


def test_the_list_of_settings_models_is_complete():
    listed = {f"{m.__module__}.{m.__qualname__}" for m in settings_models()}
    assert listed == _project_settings_classes()


def test_every_variable_in_the_example_is_read_by_a_settings_model():
    variables = example_variables(EXAMPLE.read_text(encoding="utf-8"))
    assert {"LANTOA_AUTH_SECRET_KEY", "LANTOA_ENV", "NEO4J_PASSWORD"} <= set(variables)
    unread = unread_variables(variables, settings_models(), [""])
    assert not unread, f"deploy.env.example sets variables nothing reads: {unread}"


def test_the_example_values_parse_in_their_models(monkeypatch):
    variables = example_variables(EXAMPLE.read_text(encoding="utf-8"))
    for k, v in variables.items():
        monkeypatch.setenv(k, v)
    for model in settings_models():
        model()  # raises on a mistyped value (e.g. LANTOA_ENV=prod)


def test_the_checker_catches_a_mistyped_name():
    text = "LANTOA_AUTH_SECRET=abc\nNEO4J_PASSWORD=x\n# LANTOA_API_PORTT=1\nLANTOA_ENV=production\n"
    assert unread_variables(example_variables(text), settings_models(), [""]) == ["LANTOA_API_PORTT",
                                                                                 "LANTOA_AUTH_SECRET"]


def test_env_names_apply_the_prefix():
    assert "LANTOA_AUTH_SECRET_KEY" in env_names(auth.AuthSettings)
    assert "NEO4J_PASSWORD" in env_names(next(m for m in settings_models() if m.__name__ == "Neo4jSettings"))

    from pydantic import Field

    class Aliased(BaseSettings):
        x: int = Field(default=0, validation_alias="SOMETHING_ELSE")

    assert env_names(Aliased) == {"SOMETHING_ELSE"}


@pytest.mark.parametrize(("env", "message"), [
    ({}, "thiếu khoá ký token LANTOA_AUTH_SECRET_KEY"),
    ({"LANTOA_AUTH_SECRET_KEY": "short-secret"}, "ít nhất 32 ký tự"),
    ({"LANTOA_AUTH_SECRET_KEY": "change-me-to-48-random-characters-from-secrets-token-urlsafe"}, "giá trị mẫu"),
    ({"LANTOA_AUTH_SECRET_KEY": "ab" * 20}, "quá dễ đoán"),
    ({"LANTOA_AUTH_SECRET": GOOD_SECRET}, "LANTOA_AUTH_SECRET"),          # the old example's mistyped name
    ({"LANTOA_AUTH_SECRET_KEY": GOOD_SECRET, "LANTOA_AUTH_SECRET_KYE": "x"}, "gõ sai tên"),
    ({"LANTOA_AUTH_SECRET_FILE": "/nonexistent/lantoa-secret"}, "không tồn tại"),
])
def test_production_refuses_bad_secrets(monkeypatch, env, message):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("LANTOA_ENV", "production")
    auth.reset_caches()
    with pytest.raises(ConfigError, match=message):
        auth.check_production_secret()
    with pytest.raises(ConfigError):  # nothing signs a token with it either
        auth.issue_token(auth.Principal("a", "a", frozenset({auth.Role.ADMIN})))


def test_production_refuses_the_generated_secret_file(monkeypatch, tmp_path):
    """A secret the development default generated is not good enough once it is gone (no file is created)."""
    monkeypatch.setenv("LANTOA_ENV", "production")
    monkeypatch.setenv("LANTOA_DATA_DIR", str(tmp_path / "data"))
    auth.reset_caches()
    from graph import settings as graph_settings

    graph_settings.clear_caches()
    try:
        with pytest.raises(ConfigError, match="thiếu khoá"):
            auth.issue_token(auth.Principal("a", "a", frozenset({auth.Role.ADMIN})))
        assert not (tmp_path / "data" / "api-secret").exists()
    finally:
        graph_settings.clear_caches()


def test_production_accepts_a_real_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("LANTOA_ENV", "production")
    monkeypatch.setenv("LANTOA_AUTH_SECRET_KEY", GOOD_SECRET)
    auth.reset_caches()
    auth.check_production_secret()
    tok = auth.issue_token(auth.Principal("a", "a", frozenset({auth.Role.ADMIN})))
    assert auth.verify_token(tok) is not None
    monkeypatch.delenv("LANTOA_AUTH_SECRET_KEY")
    (tmp_path / "secret").write_text("Zr8-" + GOOD_SECRET + "\n", encoding="utf-8")
    monkeypatch.setenv("LANTOA_AUTH_SECRET_FILE", str(tmp_path / "secret"))  # a provisioned secret file
    auth.reset_caches()
    auth.check_production_secret()


def test_development_still_generates_a_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("LANTOA_AUTH_SECRET_FILE", str(tmp_path / "secret"))
    auth.reset_caches()
    assert auth.verify_token(auth.issue_token(auth.Principal("a", "a", frozenset({auth.Role.ADMIN})))) is not None


def _start(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LANTOA_AUTH_", "LANTOA_API_", "LANTOA_ENV"))}
    return subprocess.run([sys.executable, "-c", "import api.app"], cwd=REPO, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def test_the_api_refuses_to_start_with_one_clear_line():
    """What ``uvicorn api.app:app`` sees: exit code 3 (uvicorn's start-up failure) and no traceback."""
    r = _start({"LANTOA_ENV": "production",
                "LANTOA_AUTH_SECRET_KEY": "change-me-to-48-random-characters-from-secrets-token-urlsafe"})
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("Lan Tỏa API không khởi động: LANTOA_AUTH_SECRET_KEY")
    r = _start({"LANTOA_ENV": "production", "LANTOA_AUTH_SECRET_KEY": GOOD_SECRET})
    assert r.returncode == 0, r.stderr
