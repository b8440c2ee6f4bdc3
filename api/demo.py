"""`make demo`: the whole pipeline on the embedded default, from a fresh machine, twice-safe.

    python -m api.demo          # run every stage, leave Neo4j and the API running, print where to look
    python -m api.demo --stop   # stop the API and the local Neo4j the demo started
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from rich.console import Console

from api.settings import get_api_settings
from graph.logging_setup import configure_logging
from graph.settings import get_neo4j_settings, get_path_settings

console = Console()


def _pid_file() -> Path:
    return get_path_settings().data_dir / "run" / "api.pid"


def step(title: str):
    console.rule(f"[bold]{title}")


def start_neo4j() -> None:
    from graph.server_manager import LocalNeo4j

    if get_neo4j_settings().external:
        console.print(f"Dùng Neo4j ngoài: {get_neo4j_settings().uri}")
        return
    console.print(LocalNeo4j().start().describe())


def init_schema() -> None:
    from graph.driver import driver_session
    from graph.repository import apply_schema

    with driver_session() as driver:
        console.print(f"{len(apply_schema(driver))} ràng buộc/chỉ mục")


def _api_alive(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def start_api() -> str:
    s = get_api_settings()
    base = f"http://{s.host}:{s.port}"
    stop_api()
    pid_file = _pid_file()
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    log_path = pid_file.parent / "api.log"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.app:app", "--host", s.host, "--port", str(s.port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
    pid_file.write_text(str(proc.pid))
    for _ in range(120):
        if _api_alive(base):
            return base
        if proc.poll() is not None:
            raise SystemExit(f"the API exited ({proc.returncode}); see {log_path}")
        time.sleep(0.5)
    raise SystemExit(f"the API did not answer in time; see {log_path}")


def stop_api() -> None:
    pid_file = _pid_file()
    try:
        pid = int(pid_file.read_text())
        os.killpg(pid, signal.SIGTERM)
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        pass
    pid_file.unlink(missing_ok=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--stop", action="store_true")
    args = ap.parse_args()
    configure_logging("WARNING")
    if args.stop:
        from graph.server_manager import LocalNeo4j

        stop_api()
        LocalNeo4j().stop()
        console.print("Đã dừng API và Neo4j.")
        return

    step("1. Neo4j")
    start_neo4j()
    step("2. Lược đồ (ràng buộc, chỉ mục)")
    init_schema()
    step("API")
    base = start_api()
    with urllib.request.urlopen(f"{base}/health", timeout=10) as resp:
        health = json.loads(resp.read())
    console.print_json(data=health)
    console.rule("[bold green]Xong")
    console.print(f"API: {base}/docs   ·   tình trạng: {base}/health")
    console.print("Dừng: make demo-stop")


if __name__ == "__main__":
    main()
