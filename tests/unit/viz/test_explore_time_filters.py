"""The investigator's map: the time slider's data (:func:`viz.explore.timeline`, :func:`viz.explore.visible_at`)
and the place and topic filters' choices (issue 17). Offline."""

from __future__ import annotations

import doctest

from nlp.gazetteer import places
from nlp.topics import labels
from viz import explore
from viz.explore import account_view, timeline, topic_options, unit_options, visible_at


def test_doctests() -> None:
    assert doctest.testmod(explore).failed == 0


def _view():
    accounts = [{"id": x, "name": x, "pagerank": 0.1, "community_id": "c"} for x in "abcd"]
    edges = [{"source": "b", "target": "a", "count": 2}, {"source": "c", "target": "b", "count": 1},
             {"source": "d", "target": "a", "count": 1}]
    return account_view(accounts, edges)


def test_edges_never_appear_before_their_ends() -> None:
    v = timeline(_view(), {"a": 10, "b": 20, "c": 30, "d": None}, {("b", "a"): 25, ("c", "b"): 5})
    t = {e["id"]: e["t"] for e in v["edges"]}
    assert t == {"b>a": 25, "c>b": 30, "d>a": None}
    assert v["timeline"] == {"scope": "network", "start": 10, "end": 30, "frames": [10, 20, 25, 30], "untimed": 1}


def test_visible_counts_grow_with_the_slider() -> None:
    v = timeline(_view(), {"a": 10, "b": 20, "c": 30, "d": None}, {("b", "a"): 25})
    counts = [(len(visible_at(v, ms)[0]), len(visible_at(v, ms)[1])) for ms in [*v["timeline"]["frames"], None]]
    assert counts == [(1, 0), (2, 0), (2, 1), (3, 2), (4, 3)]
    assert all(x <= y for x, y in zip(counts, counts[1:], strict=False))


def test_frames_are_capped_and_end_on_the_latest() -> None:
    accounts = [{"id": str(i), "pagerank": 0.0} for i in range(500)]
    v = timeline(account_view(accounts, []), {str(i): 1000 + i for i in range(500)}, frames=60, scope="story")
    fr = v["timeline"]["frames"]
    assert len(fr) == 60 and fr == sorted(fr) and fr[0] == 1000 and fr[-1] == 1499 and v["timeline"]["scope"] == "story"


def test_nodes_added_later_are_always_shown() -> None:
    v = timeline(_view(), {"a": 10, "b": 20, "c": 30, "d": 40})
    v["nodes"].append({"id": "expanded"})
    assert "expanded" in visible_at(v, 0)[0]


def test_no_times_means_no_frames() -> None:
    v = timeline(_view(), {})
    assert v["timeline"]["frames"] == [] and v["timeline"]["start"] is None
    assert visible_at(v, None)[0] == ["a", "b", "c", "d"] and visible_at(v, 10**15) == ([], [])


def test_unit_options_are_the_148_units_with_former_names() -> None:
    units = unit_options(places())
    assert len(units) == 148 and len({u["id"] for u in units}) == 148
    assert all(u["id"].startswith("place:") and u["name"] for u in units)
    merged = [u for u in units if u["former"]]
    assert len(merged) > 100
    u = merged[0]
    assert u["label"] == f"{u['name']} (trước đây: {', '.join(u['former'])})"
    assert u["name"] not in u["former"]
    names = [explore._fold(x["name"]) for x in units]
    assert names == sorted(names)


def test_topic_options_are_the_taxonomy() -> None:
    opts = topic_options(labels())
    assert {o["id"] for o in opts} == set(labels()) and "land" in {o["id"] for o in opts}
    assert next(o for o in opts if o["id"] == "land")["label"] == "Đất đai"
