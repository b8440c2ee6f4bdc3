"""Two API workers behind one Redis enforce one limit (issue 15): two uvicorn processes of the real app on
127.0.0.1, the same ``LANTOA_API_REDIS_URL`` (a real redis-server of the test's own), requests split between
them — the one bucket runs dry after ``burst`` requests in total, not ``burst`` per worker. The same two workers
without Redis grant the burst each (the control that shows the test can fail)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from neo4j_support import free_port

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[3]
BURST = 10
REQUESTS = 4 * BURST


@contextmanager
def _workers(env: dict[str, str], log: Path, n: int = 2):
    procs, urls = [], []
    try:
        for _ in range(n):
            port = free_port()
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "api.app:app", "--host", "127.0.0.1", "--port", str(port),
                 "--log-level", "warning"], cwd=REPO, env=env, stdout=open(log, "ab"),  # noqa: SIM115
                stderr=subprocess.STDOUT, start_new_session=True))
            urls.append(f"http://127.0.0.1:{port}")
        for url, proc in zip(urls, procs, strict=True):
            for _ in range(600):
                assert proc.poll() is None, log.read_text()[-2000:]
                try:
                    if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            else:
                pytest.fail("an API worker did not come up", pytrace=False)
        yield urls
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)


def _granted(urls: list[str]) -> tuple[int, dict[str, int]]:
    """Anonymous requests to a guarded operation, alternating between the workers: each spends one token of
    the caller's (IP) bucket and is answered 401, or 429 once the bucket is dry. Returns how many got past the
    limit, and the statuses seen."""
    seen: dict[str, int] = {}
    granted = 0
    with httpx.Client(timeout=10) as http:
        for i in range(REQUESTS):
            r = http.get(f"{urls[i % len(urls)]}/rankings/influence")
            seen[f"{i % len(urls)}:{r.status_code}"] = seen.get(f"{i % len(urls)}:{r.status_code}", 0) + 1
            assert r.status_code in (401, 429), r.text
            granted += r.status_code != 429
    return granted, seen


def test_two_workers_behind_one_redis_enforce_one_limit(redis_url, neo4j_env, tmp_path):
    import redis

    env = {**os.environ, **neo4j_env, "LANTOA_DATA_DIR": str(tmp_path / "data"),
           "LANTOA_AUTH_SECRET_KEY": "shared-rate-limit-secret-0123456789abcdef",
           # a bucket of BURST that refills one token in 10^4 s: no token comes back during the loop
           "LANTOA_AUTH_RATE_PER_S": "0.0001", "LANTOA_AUTH_RATE_BURST": str(BURST), "PYTHONDONTWRITEBYTECODE": "1"}
    with _workers({**env, "LANTOA_API_REDIS_URL": redis_url}, tmp_path / "shared.log") as urls:
        granted, seen = _granted(urls)
    print(f"behind one Redis: {granted} of {REQUESTS} granted, {seen}")
    assert granted == BURST, seen
    assert seen.get("0:401", 0) > 0 and seen.get("1:401", 0) > 0, "one worker served every granted request"
    assert redis.Redis.from_url(redis_url).keys("lantoa:rl:request:*"), "the bucket is not in Redis"

    with _workers(env, tmp_path / "local.log") as urls:
        alone, seen = _granted(urls)
    print(f"without Redis: {alone} of {REQUESTS} granted, {seen}")
    assert alone == 2 * BURST, seen  # each worker its own budget: the limit doubled
