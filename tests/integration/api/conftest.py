"""A real API server (uvicorn on 127.0.0.1) over the real test Neo4j, seeded with a small graph."""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from live_api import running_api

sys.path.insert(0, str(Path(__file__).resolve().parent))
from graph_seed import PASSWORD, ROLES, Seeded, add_users, seed  # noqa: E402

REPO = Path(__file__).resolve().parents[3]


@dataclass
class LiveApi:
    url: str
    seeded: Seeded
    keys: dict[str, str]
    tokens: dict[str, str]
    data_dir: Path

    def client(self, role: str | None = None, *, via: str = "bearer") -> httpx.Client:
        headers = {}
        if role and via == "bearer":
            headers["Authorization"] = f"Bearer {self.tokens[role]}"
        elif role and via == "key":
            headers["X-API-Key"] = self.keys[role]
        return httpx.Client(base_url=self.url, headers=headers, timeout=30.0, follow_redirects=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_api(neo4j_driver, neo4j_connection, neo4j_env, tmp_path_factory) -> Iterator[LiveApi]:
    database = neo4j_connection[2]
    data_dir = tmp_path_factory.mktemp("api-data")
    seeded = seed(neo4j_driver, database=database, evidence_dir=data_dir / "evidence")
    os.environ["LANTOA_AUTH_ARGON2_TIME_COST"] = "1"
    os.environ["LANTOA_AUTH_ARGON2_MEMORY_KIB"] = "8192"
    from api import auth

    auth.reset_caches()
    keys = add_users(neo4j_driver, database=database)
    with running_api(neo4j_env, data_dir) as url:
        tokens = {}
        for role in ROLES:
            r = httpx.post(f"{url}/auth/token", data={"username": role, "password": PASSWORD}, timeout=30)
            assert r.status_code == 200, r.text
            tokens[role] = r.json()["access_token"]
        yield LiveApi(url=url, seeded=seeded, keys=keys, tokens=tokens, data_dir=data_dir)
