"""The project's API run as a real uvicorn process on a free 127.0.0.1 port, for integration and browser tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from neo4j_support import free_port

REPO = Path(__file__).resolve().parents[1]


def server_env(neo4j_env: dict[str, str], data_dir: Path, **extra: str) -> dict[str, str]:
    """The API's environment: the test database, its own data directory, cheap password hashing, no rate limit."""
    env = {**os.environ, **neo4j_env, "LANTOA_DATA_DIR": str(data_dir),
           "LANTOA_AUTH_SECRET_FILE": str(data_dir / "api-secret"),
           "LANTOA_AUTH_ARGON2_TIME_COST": "1", "LANTOA_AUTH_ARGON2_MEMORY_KIB": "8192",
           "LANTOA_AUTH_RATE_PER_S": "100000", "LANTOA_AUTH_RATE_BURST": "100000",
           "PYTHONDONTWRITEBYTECODE": "1"}
    env.update(extra)
    return env


@contextmanager
def running_api(neo4j_env: dict[str, str], data_dir: Path, **extra: str) -> Iterator[str]:
    """Start ``uvicorn api.app:app``, wait until /health answers (fail after 60 s, with its log), yield its URL,
    stop it afterwards."""
    port = free_port()
    log = open(data_dir / "uvicorn.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:app", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning"],
        cwd=REPO, env=server_env(neo4j_env, data_dir, **extra), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"uvicorn exited: {(data_dir / 'uvicorn.log').read_text()[-2000:]}", pytrace=False)
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("uvicorn did not answer within 60 s", pytrace=False)
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
