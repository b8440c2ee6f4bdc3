"""Writer throughput: 100,000 Article+Outlet+Journalist rows, batched vs one transaction per row.

    .venv/bin/python bench/bench_writer.py [--rows 100000] [--single-rows 2000] [--batch 5000]

Runs against the database the project is configured for (the local server by default) and WIPES it
first — point it at a scratch server (LANTOA_NEO4J_HOME / NEO4J_URI) if the local one holds data you
need. The one-transaction-per-row path is measured on a sample (it is slow) and reported as rows/s.
"""

from __future__ import annotations

import argparse
import platform
import time

from graph.admin import wipe
from graph.driver import open_driver
from graph.repository import GraphWriter, apply_schema


def make_rows(n: int, prefix: str) -> list[dict]:
    return [
        {
            "id": f"{prefix}{i}",
            "url": f"https://outlet{i % 40}.example/bai-{i}.html",
            "title": f"Tỉnh Phú Thọ: bài số {i}",
            "lead": "Sáng 3/7, UBND tỉnh Phú Thọ tổ chức hội nghị.",
            "text": "Việt Trì, Phú Thọ. " * 40,
            "published_at": "2025-07-03T08:15:00+07:00",
            "detected_at": "2025-07-03T08:20:00+07:00",
            "outlet_id": f"outlet{i % 40}.example",
            "outlet_name": f"Báo {i % 40}",
            "content_hash": f"{i:064x}",
            "authors": [{"id": f"journalist-{i % 900}", "name": f"Nhà báo {i % 900}"}],
        }
        for i in range(n)
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--single-rows", type=int, default=2_000)
    ap.add_argument("--batch", type=int, default=5_000)
    args = ap.parse_args()
    driver = open_driver()
    wipe(driver)
    apply_schema(driver)
    writer = GraphWriter(driver, batch_size=args.batch)

    data = make_rows(args.rows, "b")
    t0 = time.perf_counter()
    writer.write("load/articles", data)
    batched_s = time.perf_counter() - t0
    batched_rate = args.rows / batched_s

    single = make_rows(args.single_rows, "s")
    t0 = time.perf_counter()
    writer.write_one_per_transaction("load/articles", single)
    single_s = time.perf_counter() - t0
    single_rate = args.single_rows / single_s

    t0 = time.perf_counter()
    writer.write("load/articles", data)  # idempotent re-load: MERGE on existing nodes
    reload_rate = args.rows / (time.perf_counter() - t0)

    print(f"machine: {platform.node()} {platform.processor() or platform.machine()}, python {platform.python_version()}")
    print(f"batched ({args.batch}/tx): {args.rows:,} rows in {batched_s:.1f} s = {batched_rate:,.0f} rows/s")
    print(f"re-load of the same rows (idempotent MERGE): {reload_rate:,.0f} rows/s")
    print(f"one transaction per row: {args.single_rows:,} rows in {single_s:.1f} s = {single_rate:,.0f} rows/s")
    print(f"ratio batched / per-row: {batched_rate / single_rate:.1f}x")
    wipe(driver)
    driver.close()


if __name__ == "__main__":
    main()
