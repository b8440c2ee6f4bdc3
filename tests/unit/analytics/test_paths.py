"""Amplification paths follow the flow of content (amplified → amplifier)."""

from __future__ import annotations

from graph.analytics.paths import amplification_path


def test_fewest_hops_follows_flow_direction():
    # b amplifies a, c amplifies b: content went a -> b -> c
    edges = [("b", "a", 1), ("c", "b", 1)]
    assert amplification_path(edges, ["a"], ["c"]) == [("a", "b", 1), ("b", "c", 1)]
    assert amplification_path(edges, ["c"], ["a"]) is None


def test_strongest_prefers_heavy_amplification():
    edges = [("t", "s", 1), ("m", "s", 20), ("t", "m", 20)]
    assert amplification_path(edges, ["s"], ["t"]) == [("s", "t", 1)]
    assert amplification_path(edges, ["s"], ["t"], strongest=True) == [("s", "m", 20), ("m", "t", 20)]


def test_multiple_sources_and_targets_and_trivial_cases():
    edges = [("b", "a", 1), ("d", "c", 1), ("e", "d", 1)]
    assert amplification_path(edges, ["a", "c"], ["e", "z"]) == [("c", "d", 1), ("d", "e", 1)]
    assert amplification_path(edges, ["a"], ["a"]) == []
    assert amplification_path(edges, [], ["a"]) is None
    assert amplification_path([("a", "a", 3)], ["a"], ["b"]) is None


def test_parallel_edges_add_up_and_max_hops():
    edges = [("b", "a", 2), ("b", "a", 3), ("c", "b", 1)]
    assert amplification_path(edges, ["a"], ["b"]) == [("a", "b", 5)]
    assert amplification_path(edges, ["a"], ["c"], max_hops=1) is None
    assert amplification_path(edges, ["a"], ["c"], strongest=True, max_hops=1) is None
