"""Analytics benchmark: communities, PageRank, bridges, k-core on a 1,000,000-edge graph and
``lantoa cascade`` throughput on 1,000,000 events. Prints figures; every stage runs in its own
process so each peak RSS is that stage's own.

The graph: ``--nodes`` nodes in communities of 20–500 nodes; each edge joins a random node to a node
of its own community with probability 0.8, else to any node (so NMI against the planted communities
is measurable too). python-louvain runs on a smaller graph from the same generator (same density).. Written as an edges TSV and read back through the offline reader, as ``lantoa
communities`` does.

Run: ``.venv/bin/python bench/bench_analytics.py [--edges 1000000] [--events 1000000]
[--louvain-edges 100000] [--full-louvain]`` (``--full-louvain`` also runs python-louvain on the whole
graph: ~12 min at 1M edges).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """CPU seconds used so far (user + system): the figure to trust when the machine is shared."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return round(ru.ru_utime + ru.ru_stime, 2)


def make_graph(path: Path, m: int, n: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    sizes = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(20, 500)))
    comm = np.repeat(np.arange(len(sizes)), sizes)[:n]
    starts = np.concatenate([[0], np.cumsum(sizes)])[: len(sizes)]
    u = rng.integers(0, n, m)
    same = rng.random(m) < 0.8
    cu = comm[u]
    size_u = np.minimum(np.asarray(sizes)[cu], n - starts[cu])
    v_in = starts[cu] + (rng.random(m) * size_u).astype(np.int64)
    v = np.where(same, v_in, rng.integers(0, n, m))
    keep = u != v
    with path.open("w") as fh:
        fh.writelines(f"n{a}\tn{b}\n" for a, b in zip(u[keep].tolist(), v[keep].tolist(), strict=True))
    with path.with_suffix(".truth.tsv").open("w") as fh:
        fh.writelines(f"n{i}\t{c}\n" for i, c in enumerate(comm.tolist()))


def stage(name: str, args: argparse.Namespace) -> dict:
    from graph.analytics.communities import community_membership
    from graph.analytics.edges import edge_arrays
    from graph.analytics.io import iter_edges_tsv

    edges_path = Path(args.work) / ("edges_small.tsv" if name.startswith("louvain_sub") else "edges.tsv")
    out: dict = {"stage": name}
    t = time.perf_counter()
    if name == "cascade":
        from api.cli_analytics import cascade_command

        s = cascade_command(Path(args.work) / "events.jsonl", Path(args.work) / "cascades.json")
        out.update(events=s["events"], stories=s["stories"], seconds=s["seconds_total"], seconds_read=s["seconds_read"],
                   events_per_second=s["events_per_second"],
                   output_mb=round((Path(args.work) / "cascades.json").stat().st_size / 2**20, 1))
        out["peak_rss_mb"] = round(peak_mb(), 1)
        return out
    if name == "cli_communities":
        from api.cli_analytics import communities_command

        s = communities_command(edges_path, Path(args.work) / "part.tsv", seed=0, method="auto")
        out.update(s)
        out["seconds"] = round(time.perf_counter() - t, 3)
        out["peak_rss_mb"] = round(peak_mb(), 1)
        return out
    ea = edge_arrays(iter_edges_tsv(edges_path))
    out["read_s"] = round(time.perf_counter() - t, 3)
    out["nodes"], out["edges"] = ea.n, ea.m
    if name.startswith("louvain_sub"):
        name = name.split(":", 1)[1]
    base_rss = peak_mb()
    c0 = cpu_s()
    t = time.perf_counter()
    if name in ("louvain", "leiden", "multilevel"):
        ua, labels, _ = community_membership(ea, method=name, seed=0)
        out["seconds"] = round(time.perf_counter() - t, 3)
        from graph.analytics.communities import _modularity_arrays

        out["modularity"] = round(_modularity_arrays(ua, labels, 1.0), 4)
        out["communities"] = int(labels.max()) + 1
        truth_path = edges_path.with_suffix(".truth.tsv")
        truth = dict(line.rstrip("\n").split("\t") for line in truth_path.open())
        from graph.analytics.evaluation import nmi

        out["nmi_vs_planted"] = round(nmi([truth[v] for v in ua.names], labels.tolist()), 4)
    elif name == "pagerank":
        from graph.analytics.influence import pagerank

        pagerank(ea)
        out["seconds"] = round(time.perf_counter() - t, 3)
    elif name == "bridges":
        from graph.analytics.influence import bridge_scores

        bridge_scores(ea, samples=100, seed=0)
        out["seconds"] = round(time.perf_counter() - t, 3)
        out["samples"] = 100
    elif name == "kcore":
        from graph.analytics.influence import k_core

        k_core(ea)
        out["seconds"] = round(time.perf_counter() - t, 3)
    out["cpu_s"] = round(cpu_s() - c0, 2)
    out["peak_rss_mb"] = round(peak_mb(), 1)
    out["rss_before_mb"] = round(base_rss, 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edges", type=int, default=1_000_000)
    ap.add_argument("--nodes", type=int, default=200_000)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--louvain-edges", type=int, default=100_000)
    ap.add_argument("--full-louvain", action="store_true")
    ap.add_argument("--skip-cascade", action="store_true")
    ap.add_argument("--skip-graph", action="store_true")
    ap.add_argument("--work", default=None)
    ap.add_argument("--stage", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        row = stage(args.stage, args)
        row["cpu_s_total"] = cpu_s()
        row["load1"] = round(os.getloadavg()[0], 1)
        print(json.dumps(row))
        return
    work = Path(args.work or tempfile.mkdtemp(prefix="lantoa-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    def run(name: str) -> dict:
        cmd = [sys.executable, __file__, "--stage", name, "--work", str(work), "--louvain-edges", str(args.louvain_edges)]
        res = subprocess.run(cmd, capture_output=True, text=True, check=True)
        row = json.loads(res.stdout.strip().splitlines()[-1])
        print(json.dumps(row, ensure_ascii=False), flush=True)
        return row

    if not args.skip_graph:
        t = time.perf_counter()
        make_graph(work / "edges.tsv", args.edges, args.nodes)
        print(f"# graph written in {time.perf_counter() - t:.1f}s: {work / 'edges.tsv'}", flush=True)
        rows = {n: run(n) for n in ("cli_communities", "leiden", "multilevel", "pagerank", "bridges", "kcore")}
        make_graph(work / "edges_small.tsv", args.louvain_edges, max(1000, args.nodes * args.louvain_edges // args.edges))
        sub = {n: run(f"louvain_sub:{n}") for n in ("louvain", "leiden", "multilevel")}
        print(f"# on the {sub['louvain']['edges']:,}-edge subgraph: python-louvain {sub['louvain']['seconds']}s, "
              f"Leiden {sub['leiden']['seconds']}s (x{sub['louvain']['seconds'] / sub['leiden']['seconds']:.0f}), "
              f"multilevel {sub['multilevel']['seconds']}s (x{sub['louvain']['seconds'] / sub['multilevel']['seconds']:.0f})")
        if args.full_louvain:
            full = run("louvain")
            print(f"# full graph: python-louvain {full['seconds']}s vs Leiden {rows['leiden']['seconds']}s "
                  f"(x{full['seconds'] / rows['leiden']['seconds']:.0f})")
    if not args.skip_cascade:
        import orjson

        from graph.analytics.synthetic import synthetic_cascades

        t = time.perf_counter()
        with (work / "events.jsonl").open("wb") as fh:
            total, batch = 0, 0
            while total < args.events:
                events, _ = synthetic_cascades(2000, seed=batch, mean_size=30, n_accounts=20000)
                for e in events:
                    e["story"] = f"b{batch}-{e['story']}"
                    if total >= args.events:
                        break
                    fh.write(orjson.dumps(e) + b"\n")
                    total += 1
                batch += 1
        print(f"# {total:,} events written in {time.perf_counter() - t:.1f}s "
              f"({(work / 'events.jsonl').stat().st_size / 2**20:.0f} MB)", flush=True)
        run("cascade")


if __name__ == "__main__":
    main()
