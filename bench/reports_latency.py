"""Run every named report against the configured database (read-only) and print its latency and row count.

    .venv/bin/python bench/reports_latency.py [--repeat 3] [--story-id ID] [--topic T] [--target-id ID]

Required parameters default to the biggest story, the most common topic and the outlet with most feedback
(looked up with the reports themselves, so nothing but named reports runs).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time

from casework import reports
from graph.driver import driver_session, resolve_connection
from graph.repository import GraphReader


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--story-id")
    ap.add_argument("--topic", default="pollution")
    ap.add_argument("--target-id")
    ap.add_argument("--day", default="today")
    args = ap.parse_args()
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)  # unknown-property warnings on a young graph
    with driver_session() as driver:
        reader = GraphReader(driver, database=resolve_connection()[2])
        story = args.story_id
        if not story:
            top = reports.run_report(reader, "daily_digest", {"day": args.day, "province_only": "false", "limit": 1})
            story = (top.rows[0]["story_id"] if top.rows else None) or "none"
        req = {"story_id": story, "topic": args.topic, "target_id": args.target_id or "none"}
        defaults = {"day": args.day, "since": "today-365", "end": args.day}
        print(f"{'report':40s} {'rows':>6s} {'p50 ms':>9s} {'max ms':>9s}")
        for spec in reports.list_reports():
            params = {p.name: req[p.name] for p in spec.params if p.required}
            params.update({k: v for k, v in defaults.items() if k in {p.name for p in spec.params}})
            times = []
            rows = 0
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                r = reports.run_report(reader, spec.name, params)
                times.append((time.perf_counter() - t0) * 1000)
                rows = len(r.rows)
            print(f"{spec.name:40s} {rows:6d} {statistics.median(times):9.1f} {max(times):9.1f}")


if __name__ == "__main__":
    main()
