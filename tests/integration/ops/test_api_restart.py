"""The API SIGKILLed and restarted while citizens submit feedback and inspectors record handling decisions and
open cases: every write a client saw acknowledged is stored, nothing is stored twice, and a client that retries
after a lost answer gets the id of what it stored (feedback: the API's duplicate check; decisions and cases: the
``Idempotency-Key`` claimed in the write's own transaction). Each client also sends every acknowledged decision
and case once more, as a client whose answer was lost does."""

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


SECRET = "restart-under-load-secret-0123456789abcdef"


def _inspector_token(monkeypatch) -> str:
    from api import auth

    monkeypatch.setenv("LANTOA_AUTH_SECRET_KEY", SECRET)
    auth.reset_caches()
    try:
        return auth.issue_token(auth.Principal(id="thanh.tra", name="Thanh tra",
                                               roles=frozenset({auth.Role.INSPECTOR})))
    finally:
        monkeypatch.delenv("LANTOA_AUTH_SECRET_KEY")
        auth.reset_caches()


def _send(http: httpx.Client, method: str, url: str, ok: tuple[int, ...], retries: dict, lock, **kw) -> httpx.Response:
    """Send until the API answers ``ok`` (through its death and restart); count the requests that met it dead."""
    for _attempt in range(300):
        try:
            r = http.request(method, url, **kw)
        except httpx.HTTPError:
            with lock:
                retries["n"] += 1
            time.sleep(0.2)
            continue
        if r.status_code in ok:
            return r
        if r.status_code >= 500:
            time.sleep(0.2)
            continue
        raise AssertionError(f"{method} {url}: {r.status_code}: {r.text}")
    raise AssertionError(f"{method} {url} never acknowledged")


def test_api_killed_under_load_loses_no_acknowledged_feedback(ops_server, ops_driver, tmp_path, monkeypatch):
    from neo4j_support import free_port

    ops_driver.execute_query(
        "CREATE (:Outlet {id: 'baophutho.vn', name: 'Báo Phú Thọ'}) "
        "WITH 1 AS x UNWIND range(0, $n - 1) AS c "
        "CREATE (:Story {id: 'story:restart:' + c, title: 'Tin sai ' + c, status: 'active',"
        "                first_seen_at: datetime('2025-08-01T08:00:00+07:00')})", {"n": N_CLIENTS})
    bearer = {"Authorization": f"Bearer {_inspector_token(monkeypatch)}"}
    pw = ops_server.s.password_file.read_text().strip()
    env = {**os.environ, "NEO4J_URI": ops_server.s.bolt_uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": pw,
           "LANTOA_DATA_DIR": str(tmp_path / "data"), "LANTOA_AUTH_SECRET_KEY": SECRET,
           "LANTOA_AUTH_PUBLIC_PER_MIN": "1000000", "LANTOA_AUTH_RATE_PER_S": "100000",
           "LANTOA_AUTH_RATE_BURST": "100000", "PYTHONDONTWRITEBYTECODE": "1"}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "api.log"
    proc = _start_api(port, env, log)
    _wait_up(url, proc, log)

    acked: dict[str, str] = {}  # submission key -> feedback id
    decided: dict[str, str] = {}  # idempotency key -> the note of the decision it recorded
    opened: dict[str, list[str]] = {}  # idempotency key -> the case id of every answer
    failures: list[BaseException] = []
    retries = {"n": 0}
    lock = threading.Lock()

    def client(c: int) -> None:
        with httpx.Client(timeout=10) as http:
            for i in range(PER_CLIENT):
                body = {"subject_kind": "outlet", "subject_text": "Báo điện tử X",
                        "message": f"Phản ánh số {c}-{i}: bài viết đưa tin sai về lũ quét ở Đà Bắc.",
                        "category": "false_information"}
                r = _send(http, "POST", f"{url}/feedback", (201, 409), retries, lock, json=body)
                with lock:
                    acked[f"{c}-{i}"] = r.json()["id"]
                decision = {"decided": ("refute", "watch", "limit")[i % 3], "note": f"Quyết định {c}-{i}"}
                dkey = {"Idempotency-Key": f"decision-{c}-{i}", **bearer}
                cbody = {"title": f"Hồ sơ {c}-{i}", "outlets": ["baophutho.vn"]}
                ckey = {"Idempotency-Key": f"case-{c}-{i}", **bearer}
                for _lost_answer in range(2):  # the second time: a retry after an answer that never came
                    _send(http, "POST", f"{url}/handling/story:restart:{c}/decision", (200,), retries, lock,
                          json=decision, headers=dkey)
                    case = _send(http, "POST", f"{url}/cases", (201,), retries, lock, json=cbody, headers=ckey)
                    with lock:
                        decided[dkey["Idempotency-Key"]] = decision["note"]
                        opened.setdefault(ckey["Idempotency-Key"], []).append(case.json()["id"])

    def guarded_client(c: int) -> None:
        try:
            client(c)
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            with lock:
                failures.append(e)

    threads = [threading.Thread(target=guarded_client, args=(c,)) for c in range(N_CLIENTS)]
    for t in threads:
        t.start()
    try:
        while len(acked) < N_CLIENTS * PER_CLIENT // 4 and any(t.is_alive() for t in threads):
            time.sleep(0.05)
        assert not failures, failures[0]
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
    assert not failures, failures[0]
    assert killed_at < N_CLIENTS * PER_CLIENT, "the kill came after the load"
    assert retries["n"] > 0, "no request met the dead API: nothing was tested"
    assert len(acked) == N_CLIENTS * PER_CLIENT
    rec, _, _ = ops_driver.execute_query("MATCH (f:Feedback) RETURN collect(f.id) AS ids, count(f) AS n")
    stored = set(rec[0]["ids"])
    assert rec[0]["n"] == len(stored) == N_CLIENTS * PER_CLIENT  # no loss, no duplicate
    assert set(acked.values()) == stored
    total = N_CLIENTS * PER_CLIENT
    assert len(decided) == len(opened) == total
    rec, _, _ = ops_driver.execute_query("MATCH (d:Decision)-[:ON]->(:Story) RETURN collect(d.note) AS notes")
    notes = rec[0]["notes"]
    assert len(notes) == len(set(notes)) == total, "a decision was lost or stored twice"
    assert set(notes) == set(decided.values())
    rec, _, _ = ops_driver.execute_query("MATCH (c:Case) RETURN collect(c.id) AS ids, count(c) AS n")
    assert all(len(set(ids)) == 1 for ids in opened.values()), "a retried case got another id"
    assert rec[0]["n"] == total and set(rec[0]["ids"]) == {ids[0] for ids in opened.values()}, \
        "a case was lost or opened twice"
