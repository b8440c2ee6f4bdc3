"""Social import throughput (posts/s into Neo4j) and peak memory, on a sandbox export.

    .venv/bin/python bench/bench_import.py --size small
Neo4j: NEO4J_URI/NEO4J_PASSWORD, else the local server. The database is NOT wiped: use a scratch one.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from etl.social_import import import_social
from graph.driver import open_driver
from graph.repository import GraphWriter


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="small")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--file", type=Path, default=None, help="an export to import instead of a generated one")
    a = ap.parse_args()
    path = a.file
    if path is None:
        from etl.sandbox import generate

        out = Path(tempfile.mkdtemp(prefix="lantoa-bench-import-")) / "world"
        generate(out, seed=a.seed, size=a.size)
        path = out / "social" / "export.jsonl"
    size_mb = path.stat().st_size / 1e6
    driver = open_driver()
    try:
        w = GraphWriter(driver)
        t = time.perf_counter()
        rep = import_social(path, w.write, batch_size=a.batch)
        dt = time.perf_counter() - t
    finally:
        driver.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"file {path} ({size_mb:.1f} MB, {rep.lines} lines): {rep.posts} posts, {rep.accounts} accounts, "
          f"{rep.reactions} reactions, {rep.errors} bad lines, {rep.warnings} warnings")
    print(f"import: {dt:.1f} s = {rep.posts / dt:.0f} posts/s ({rep.lines / dt:.0f} lines/s), batch {a.batch}, "
          f"peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
