"""Community quality: NMI against ground truth, our implementations beside python-louvain itself.

Real networks (``$LANTOA_EVAL_DATA_DIR/networks``: football, polbooks, polblogs — undirected largest
component, as in SOURCE.txt) and LFR benchmark graphs (networkx generator, mixing μ = 0.1 … 0.6).
Also checks that the same seed gives identical output.

Run: ``.venv/bin/python bench/eval_communities.py [--seeds 5] [--lfr-n 1000]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import networkx as nx

from graph.analytics.communities import detect_communities, modularity
from graph.analytics.evaluation import community_nmi
from graph.settings import get_path_settings

METHODS = ("louvain", "networkx", "multilevel", "leiden")


def load_gml(path: Path) -> tuple[nx.Graph, dict]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if "multigraph" not in text:
        text = text.replace("graph [", "graph [\n  multigraph 1", 1)
    G = nx.parse_gml(text, label="id")
    truth = {v: d["value"] for v, d in G.nodes(data=True)}
    U = nx.Graph()
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    U = U.subgraph(max(nx.connected_components(U), key=len)).copy()
    return U, {v: truth[v] for v in U}


def lfr(n: int, mu: float, seed: int) -> tuple[nx.Graph, dict]:
    for s in range(seed, seed + 20):
        try:
            G = nx.LFR_benchmark_graph(n, 3, 1.5, mu, average_degree=15, max_degree=50, min_community=20,
                                       max_community=100, seed=s)
        except nx.ExceededMaxIterations:
            continue
        G.remove_edges_from(nx.selfloop_edges(G))
        truth = {}
        for c, comm in enumerate({frozenset(d["community"]) for _, d in G.nodes(data=True)}):
            for v in comm:
                truth[v] = c
        return G, truth
    raise RuntimeError("LFR generator did not converge")


def evaluate(name: str, G: nx.Graph, truth: dict, seeds: int) -> None:
    edges = list(G.edges())
    row = [f"{name:<14} n={G.number_of_nodes():>5} m={G.number_of_edges():>6}"]
    for method in METHODS:
        nmis, qs, secs = [], [], []
        for seed in range(seeds):
            t = time.perf_counter()
            part = detect_communities(edges, method=method, seed=seed)
            secs.append(time.perf_counter() - t)
            nmis.append(community_nmi(part, truth))
            qs.append(modularity(edges, part))
        same = detect_communities(edges, method=method, seed=0) == detect_communities(edges, method=method, seed=0)
        row.append(
            f"{method}: NMI {statistics.mean(nmis):.3f}±{statistics.pstdev(nmis):.3f} "
            f"Q {statistics.mean(qs):.3f} {1000 * statistics.mean(secs):.0f}ms{'' if same else ' NOT-REPRODUCIBLE'}"
        )
    print(" | ".join(row), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--lfr-n", type=int, default=1000)
    ap.add_argument("--data", type=Path, default=None)
    args = ap.parse_args()
    root = (args.data or get_path_settings().eval_data_dir) / "networks"
    print(f"NMI vs ground truth, mean±sd over seeds 0..{args.seeds - 1}; reference (SOURCE.txt, networkx seed 42): "
          "football 0.890, polblogs 0.639, polbooks 0.504")
    for name in ("football", "polbooks", "polblogs"):
        path = root / f"{name}.gml"
        if not path.exists():
            print(f"{name}: missing ({path})")
            continue
        G, truth = load_gml(path)
        evaluate(name, G, truth, args.seeds)
    for mu in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        G, truth = lfr(args.lfr_n, mu, seed=42)
        evaluate(f"LFR mu={mu}", G, truth, args.seeds)


if __name__ == "__main__":
    main()
