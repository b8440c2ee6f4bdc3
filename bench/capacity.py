"""Capacity figures for docs/capacity.md, measured on this machine (nothing here is estimated):

1. extraction: article pages per second on one core (``extract_article`` on the fixture pages, fallback on);
2. annotation: NLP records per second on one core (``nlp.annotate.annotate_records``, mode ``ner``), optional;
3. graph load: social posts (+ accounts, POSTED, SHARES) per second through ``GraphWriter`` into a scratch
   Neo4j server of the bench's own (it never touches your database);
4. store size: marginal bytes on disk per post (with its relationships), from two load sizes — the page
   cache needed to keep the graph in memory;
5. projection: edges per second streamed out of Neo4j through the driver (what an in-process analysis pays
   before it starts), and igraph memory and PageRank / Leiden time per million edges in-process.

    .venv/bin/python bench/capacity.py [--posts 60000] [--edges 1000000] [--nlp 200] [--no-neo4j]

Prints one ``name: value`` line per figure.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import shutil
import socket
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def bench_extraction(seconds: float = 15.0) -> None:
    from datetime import datetime

    from etl.extraction.article import extract_article

    pages = [p.read_bytes() for p in sorted((REPO / "tests" / "unit" / "etl" / "fixtures").glob("*.html"))]
    when = datetime.fromisoformat("2025-07-03T12:00:00+07:00")
    n, t0, c0 = 0, time.monotonic(), _cpu()
    while time.monotonic() - t0 < seconds:
        for i, body in enumerate(pages):
            extract_article(body, f"https://baophutho.vn/bai-{n}-{i}.htm", captured_at=when)
            n += 1
    cpu = _cpu() - c0
    print(f"extraction pages per CPU-second: {n / cpu:,.0f}  ({n} pages, {cpu:.1f} CPU s)")
    print(f"extraction pages per day per core: {n / cpu * 86400:,.0f}")


def bench_nlp(n: int) -> None:
    from nlp.annotate import annotate_records

    text = ("Sáng 3/7, UBND tỉnh Phú Thọ tổ chức hội nghị tại thành phố Việt Trì về phòng chống lũ quét ở huyện "
            "Đà Bắc, tỉnh Hòa Bình cũ. Ông Nguyễn Văn An, Giám đốc Sở Nông nghiệp, cho biết hai xã bị cô lập. ") * 3
    recs = [{"id": f"a{i}", "title": "Phú Thọ ứng phó lũ quét", "text": text} for i in range(n)]
    list(annotate_records(recs[:2]))  # load models outside the timing
    c0 = _cpu()
    out = list(annotate_records(recs))
    cpu = _cpu() - c0
    print(f"nlp records per CPU-second (ner, ~{len(text)} chars): {len(out) / cpu:,.1f}")
    print(f"nlp records per day per core: {len(out) / cpu * 86400:,.0f}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dir_bytes(d: Path) -> int:
    return sum(p.stat().st_size for p in d.rglob("*") if p.is_file())


def _posts(start: int, n: int, n_accounts: int) -> tuple[list[dict], list[dict]]:
    accounts = [{"id": f"fb:u{i}", "platform": "fb", "handle": f"u{i}", "name": f"Người dùng {i}",
                 "followers": i % 5000, "kind": "person", "verified": False, "created_at": None,
                 "observed_at": "2025-07-01T08:00:00+07:00", "in_scope": True, "outlet": None}
                for i in range(n_accounts)]
    posts = []
    for i in range(start, start + n):
        posts.append({"id": f"fb:p{i}", "platform": "fb", "post_id": f"p{i}", "account_id": f"fb:u{i % n_accounts}",
                      "created_at": "2025-07-01T09:00:00+07:00", "kind": "share" if i % 3 else "post",
                      "text": f"Người dân Việt Trì chia sẻ thông tin về lũ quét ở Đà Bắc, bài {i}. " * 2,
                      "url": f"https://facebook.com/p{i}", "links": [f"https://baophutho.vn/bai-{i % 500}.htm"],
                      "shared_url": f"https://baophutho.vn/bai-{i % 500}.htm", "likes": i % 300, "shares": i % 40,
                      "comments": i % 25, "views": None, "observed_at": "2025-07-01T10:00:00+07:00",
                      "time_missing": False})
    return accounts, posts


def bench_neo4j(n_posts: int) -> None:
    import neo4j

    from graph.repository import GraphReader, GraphWriter, apply_schema
    from graph.server_manager import LocalNeo4j
    from graph.settings import LocalServerSettings

    home = Path(tempfile.mkdtemp(prefix="lantoa-capacity-"))
    server = LocalNeo4j(LocalServerSettings(home=home, bolt_port=_free_port(), http_port=_free_port(),
                                            heap="1g", pagecache="1g", tx_memory_max="1g"))
    try:
        server.start()
        pw = server.s.password_file.read_text().strip()
        n_acc = max(1000, n_posts // 6)
        half = n_posts // 2
        store = home / "data" / "databases" / "neo4j"
        sizes, t_total = [], 0.0
        for start in (0, half):
            server.start()
            with neo4j.GraphDatabase.driver(server.s.bolt_uri, auth=("neo4j", pw)) as d:
                apply_schema(d)
                w = GraphWriter(d, batch_size=5000)
                accounts, posts = _posts(start, half, n_acc)
                t0 = time.monotonic()
                w.write("load/accounts", accounts)
                w.write("load/posts", posts)
                t_total += time.monotonic() - t0
            server.stop()  # a clean shutdown checkpoints: the store files then hold everything
            sizes.append(_dir_bytes(store))
        server.start()
        with neo4j.GraphDatabase.driver(server.s.bolt_uri, auth=("neo4j", pw)) as d:
            reader = GraphReader(d)
            counts = reader.read("admin/backup_counts")[0]
            nodes, rels = counts["nodes"], counts["relationships"]
            print(f"neo4j load posts per second (batch 5000, accounts + posts, 1 g heap): {2 * half / t_total:,.0f}")
            print(f"neo4j load posts per day (one writer): {2 * half / t_total * 86400:,.0f}")
            print(f"graph after load: {nodes:,} nodes, {rels:,} relationships, store {sizes[-1] / 2**20:,.1f} MiB")
            per_post = (sizes[1] - sizes[0]) / half
            print(f"store bytes per post (marginal, with its relationships and properties): {per_post:,.0f}")
            print(f"store bytes per graph element (nodes + relationships, average): {sizes[-1] / (nodes + rels):,.0f}")
            print(f"posts per GiB of page cache: {2**30 / per_post:,.0f}")
            # projection over Bolt: stream every relationship (ends, type, properties), as an in-process analysis would
            t0 = time.monotonic()
            n = 0
            for _ in reader.stream("admin/backup_relationships"):
                n += 1
            dt = time.monotonic() - t0
            print(f"projection edges streamed per second over Bolt: {n / dt:,.0f}  ({n:,} edges)")
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


def bench_inprocess(n_edges: int) -> None:
    import igraph as ig
    import numpy as np

    rng = np.random.default_rng(7)
    n_nodes = n_edges // 8
    gc.collect()
    before = _rss_mb()
    # a scale-free-ish graph: endpoints drawn from a Zipf-like popularity
    pop = rng.zipf(1.8, size=n_edges) % n_nodes
    src = rng.integers(0, n_nodes, size=n_edges)
    edges = np.column_stack([src, pop]).astype(np.int64)
    t0 = time.monotonic()
    g = ig.Graph(n=n_nodes, edges=edges, directed=True)
    build = time.monotonic() - t0
    del edges, pop, src
    gc.collect()
    mem = _rss_mb() - before
    t0 = time.monotonic()
    g.pagerank()
    pr = time.monotonic() - t0
    u = g.as_undirected(mode="collapse")
    t0 = time.monotonic()
    u.community_leiden(objective_function="modularity", n_iterations=2)
    leiden = time.monotonic() - t0
    print(f"igraph in-process: {n_edges:,} edges, {n_nodes:,} nodes: build {build:.2f} s, RSS +{mem:,.0f} MiB, "
          f"PageRank {pr:.2f} s, Leiden {leiden:.2f} s")
    print(f"igraph edges per GiB of process memory: {n_edges / max(mem, 1) * 1024:,.0f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=60_000)
    ap.add_argument("--edges", type=int, default=1_000_000)
    ap.add_argument("--nlp", type=int, default=0, help="records to annotate (0: skip; models load slowly)")
    ap.add_argument("--no-neo4j", action="store_true")
    a = ap.parse_args()
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}")
    print(f"load average at start (other work on the machine): {os.getloadavg()[0]:.1f}")
    bench_extraction()
    if a.nlp:
        bench_nlp(a.nlp)
    bench_inprocess(a.edges)
    if not a.no_neo4j:
        bench_neo4j(a.posts)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
