"""The API SIGKILLed and restarted while citizens submit feedback: every submission a client saw
acknowledged is stored, nothing is stored twice, and a client that retries after a lost answer gets the id
of its stored feedback (the API's duplicate check makes the retry idempotent)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[3]
N_CLIENTS, PER_CLIENT = 4, 40


def _start_api(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "uvicorn", "api.app:app", "--host", "127.0.0.1", "--port",
                             str(port), "--log-level", "warning"], cwd=REPO, env=env,
                            stdout=open(log, "ab"), stderr=subprocess.STDOUT, start_new_session=True)  # noqa: SIM115


def _wait_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()[-2000:]
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail("the API did not come up", pytrace=False)


def test_api_killed_under_load_loses_no_acknowledged_feedback(ops_server, ops_driver, tmp_path):
    from neo4j_support import free_port

    pw = ops_server.s.password_file.read_text().strip()
    env = {**os.environ, "NEO4J_URI": ops_server.s.bolt_uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": pw,
           "LANTOA_DATA_DIR": str(tmp_path / "data"), "LANTOA_AUTH_SECRET_FILE": str(tmp_path / "secret"),
           "LANTOA_AUTH_PUBLIC_PER_MIN": "1000000", "LANTOA_AUTH_RATE_PER_S": "100000",
           "LANTOA_AUTH_RATE_BURST": "100000", "PYTHONDONTWRITEBYTECODE": "1"}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "api.log"
    proc = _start_api(port, env, log)
    _wait_up(url, proc, log)

    acked: dict[str, str] = {}  # submission key -> feedback id
    retries = {"n": 0}
    lock = threading.Lock()

    def client(c: int) -> None:
        with httpx.Client(timeout=10) as http:
            for i in range(PER_CLIENT):
                body = {"subject_kind": "outlet", "subject_text": "Báo điện tử X",
                        "message": f"Phản ánh số {c}-{i}: bài viết đưa tin sai về lũ quét ở Đà Bắc.",
                        "category": "false_information"}
                for _attempt in range(300):
                    try:
                        r = http.post(f"{url}/feedback", json=body)
                    except httpx.HTTPError:
                        with lock:
                            retries["n"] += 1
                        time.sleep(0.2)
                        continue
                    if r.status_code in (201, 409):
                        with lock:
                            acked[f"{c}-{i}"] = r.json()["id"]
                        break
                    if r.status_code >= 500:
                        time.sleep(0.2)
                        continue
                    raise AssertionError(f"{r.status_code}: {r.text}")
                else:
                    raise AssertionError(f"submission {c}-{i} never acknowledged")

    threads = [threading.Thread(target=client, args=(c,)) for c in range(N_CLIENTS)]
    for t in threads:
        t.start()
    try:
        while len(acked) < N_CLIENTS * PER_CLIENT // 4:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        killed_at = len(acked)
        time.sleep(1.0)
        proc = _start_api(port, env, log)
        _wait_up(url, proc, log)
        for t in threads:
            t.join(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
    assert killed_at < N_CLIENTS * PER_CLIENT, "the kill came after the load"
    assert retries["n"] > 0, "no request met the dead API: nothing was tested"
    assert len(acked) == N_CLIENTS * PER_CLIENT
    rec, _, _ = ops_driver.execute_query("MATCH (f:Feedback) RETURN collect(f.id) AS ids, count(f) AS n")
    stored = set(rec[0]["ids"])
    assert rec[0]["n"] == len(stored) == N_CLIENTS * PER_CLIENT  # no loss, no duplicate
    assert set(acked.values()) == stored
