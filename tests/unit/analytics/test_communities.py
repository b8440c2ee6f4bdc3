import networkx as nx
import numpy as np
import pytest

from common.errors import ValidationError
from graph.analytics.communities import (
    canonical_labels,
    choose_method,
    detect_communities,
    find_communities,
    modularity,
    node_stability,
)
from graph.analytics.edges import edge_arrays
from graph.analytics.evaluation import community_nmi


def planted(seed: int = 0):
    G = nx.planted_partition_graph(6, 30, 0.4, 0.01, seed=seed)
    truth = {v: v // 30 for v in G}
    return list(G.edges()), truth


@pytest.mark.parametrize("method", ["louvain", "leiden", "multilevel", "networkx"])
def test_same_seed_same_output(method: str) -> None:
    edges, _ = planted(1)
    a = detect_communities(edges, method=method, seed=7)
    b = detect_communities(list(reversed(edges))[::-1], method=method, seed=7)
    assert a == b
    assert list(a.values()) == list(detect_communities(edges, method=method, seed=7).values())


@pytest.mark.parametrize("method", ["louvain", "leiden", "multilevel"])
def test_recovers_planted_partition(method: str) -> None:
    edges, truth = planted(2)
    part = detect_communities(edges, method=method, seed=0)
    assert community_nmi(part, truth) > 0.95


def test_modularity_matches_networkx() -> None:
    edges, truth = planted(3)
    G = nx.Graph(edges)
    part = detect_communities(edges, method="louvain", seed=0)
    comms = [{v for v, c in part.items() if c == k} for k in set(part.values())]
    assert modularity(edges, part) == pytest.approx(nx.community.modularity(G, comms), abs=1e-9)
    res = find_communities(edges, method="leiden", seed=0)
    assert res["modularity"] == pytest.approx(modularity(edges, res["membership"]), abs=1e-9)


def test_weights_and_direction_are_merged() -> None:
    ua = edge_arrays([("a", "b", 1.0), ("b", "a", 2.0), ("a", "a", 5.0), ("b", "c")]).undirected()
    assert ua.m == 2 and ua.weight.tolist() == [3.0, 1.0]


def test_canonical_labels_largest_first() -> None:
    assert canonical_labels(np.array([5, 5, 2, 2, 2, 9])).tolist() == [1, 1, 0, 0, 0, 2]


def test_stability_bounds_and_identity() -> None:
    edges, _ = planted(4)
    res = find_communities(edges, method="leiden", seed=0, stability_runs=3)
    vals = np.array(list(res["stability"].values()))
    assert ((vals >= 0) & (vals <= 1)).all()
    assert vals.mean() > 0.9
    ref = np.array([0, 0, 1, 1, 2])
    assert node_stability(ref, [ref.copy(), ref.copy()]).tolist() == [1.0] * 5


def test_auto_switches_by_size() -> None:
    assert choose_method(10) == "louvain"
    assert choose_method(10**6) == "leiden"
    edges, _ = planted(5)
    assert find_communities(edges, louvain_max_edges=10)["method"] == "leiden"
    assert find_communities(edges)["method"] == "louvain"


def test_bad_input_is_rejected() -> None:
    with pytest.raises(ValidationError):
        detect_communities([("a", "b")], method="magic")
    with pytest.raises(ValidationError):
        detect_communities([("a", "b", -1)])
    with pytest.raises(ValidationError):
        detect_communities([("a", "b", "heavy")])
    with pytest.raises(ValidationError):
        modularity([("a", "b")], {"a": 0})


def test_isolated_and_empty() -> None:
    assert detect_communities([]) == {}
    part = detect_communities(edge_arrays([("a", "b")], nodes=["z"]), method="leiden")
    assert part["a"] == part["b"] != part["z"]
