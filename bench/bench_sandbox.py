"""Benchmark the sandbox web: generation speed per size and server throughput over real HTTP.

    .venv/bin/python bench/bench_sandbox.py                 # medium generation + server
    .venv/bin/python bench/bench_sandbox.py --sizes medium large --keep /tmp/worlds
"""

from __future__ import annotations

import argparse
import http.client
import resource
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from etl.sandbox import generate
from etl.sandbox.server import serve_in_thread
from etl.sandbox.truth import iter_jsonl


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench_generate(size: str, root: Path) -> Path:
    out = root / size
    t0 = time.perf_counter()
    c0 = time.process_time()
    m = generate(out, seed=1, size=size)
    dt = time.perf_counter() - t0
    cpu = time.process_time() - c0
    c = m.counts
    items = c["articles"] + c["posts"] + c["reactions"] + c["accounts"]
    print(f"generate {size:6s}: {c['articles']:>7,} articles {c['posts']:>9,} posts {c['reactions']:>7,} reactions "
          f"{c['accounts']:>6,} accounts in {dt:7.1f} s wall ({cpu:.1f} s CPU) = {items / dt:>8,.0f} items/s "
          f"({c['articles'] / dt:,.0f} articles/s); {du(out) / 1e6:,.0f} MB on disk; "
          f"peak RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    return out


def bench_server(world: Path, n: int = 2000, workers: int = 8) -> None:
    arts = []
    for a in iter_jsonl(world / "articles" / "articles.jsonl"):
        if a["quirk"] == "none":
            arts.append((a["host"], a["path"]))
        if len(arts) >= n:
            break
    with serve_in_thread(world) as h:
        def fetch(chunk: list[tuple[str, str]]) -> int:
            conn = http.client.HTTPConnection("127.0.0.1", h.port, timeout=30)
            ok = 0
            for host, path in chunk:
                conn.request("GET", path, headers={"Host": host})
                r = conn.getresponse()
                r.read()
                ok += r.status == 200
            conn.close()
            return ok

        chunks = [arts[i::workers] for i in range(workers)]
        t0 = time.perf_counter()
        with ThreadPoolExecutor(workers) as ex:
            ok = sum(ex.map(fetch, chunks))
        dt = time.perf_counter() - t0
    print(f"serve article pages: {ok:,} x 200 with {workers} keep-alive clients in {dt:.1f} s = {ok / dt:,.0f} pages/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", nargs="+", default=["medium"])
    ap.add_argument("--keep", type=Path, default=None, help="keep the worlds here")
    args = ap.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="sandbox-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        last = None
        for size in args.sizes:
            last = bench_generate(size, root)
        if last is not None:
            bench_server(last)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
