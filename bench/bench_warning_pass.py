"""Time one hourly warning pass (``casework.schedule.warning_pass``) on a kept scorecard graph, with the time of
each graph read and of the heavy pure steps. Prints figures; asserts nothing. The pass writes (idempotently)
the alerts and assessments of that hour, as the hourly job would.

    python bench/bench_warning_pass.py NEO4J_HOME [--at 2025-07-21T23:00:00+07:00] [--repeat 2]

NEO4J_HOME: a server kept by ``lantoa evaluate world W --keep-db --neo4j-home NEO4J_HOME`` (it must be running).
Without ``--at``: the last full hour of the newest post.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import datetime
from pathlib import Path

import neo4j

from casework import schedule, warning
from graph import repository


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("home", type=Path)
    ap.add_argument("--at", default=None)
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()
    ports = json.loads((a.home / "scorecard-ports.json").read_text())
    pw = (a.home / "password").read_text().strip()
    driver = neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{ports['bolt']}", auth=("neo4j", pw))
    if a.at:
        now = datetime.fromisoformat(a.at)
    else:
        last = driver.execute_query("MATCH (p:Post) RETURN max(p.created_at) AS t").records[0]["t"].to_native()
        now = last.replace(minute=0, second=0, microsecond=0)
    spent: dict[str, float] = {}

    def timed(owner, name: str) -> None:
        f = getattr(owner, name)

        def wrapper(*args, **kw):
            t = time.perf_counter()
            try:
                return f(*args, **kw)
            finally:
                key = f"{name} {args[1]}" if name.startswith(("read", "write")) and len(args) > 1 else name
                spent[key] = spent.get(key, 0.0) + time.perf_counter() - t
        setattr(owner, name, wrapper)

    for name in ("read", "read_scalars"):
        timed(repository.GraphReader, name)
    timed(repository.GraphWriter, "write")
    for name in ("hourly_series", "hourly_volume_alerts", "scope_alerts", "assess_story"):
        timed(warning, name)
    for i in range(a.repeat):
        spent.clear()
        t = time.perf_counter()
        out = schedule.warning_pass(driver, now=now)
        wall = time.perf_counter() - t
        print(json.dumps({"run": i + 1, "at": now.isoformat(), "seconds": round(wall, 2), "mentions": out.mentions,
                          "stories_assessed": out.stories_assessed, "alerts": out.alerts, "level": out.level,
                          "load1": round(os.getloadavg()[0], 1),
                          "parts": {k: round(v, 2) for k, v in sorted(spent.items(), key=lambda kv: -kv[1])}},
                         ensure_ascii=False))
    driver.close()


if __name__ == "__main__":
    main()
