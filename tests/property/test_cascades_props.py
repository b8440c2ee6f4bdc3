"""Properties of graph.analytics.cascades.reconstruct_parents on random stories: every event gets exactly
one parent or none, the result is a forest (no cycles), inferred parents are never later than their child,
the earliest event is a root, input order does not matter, and tree depths are consistent."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graph.analytics.cascades import cascade_metrics, reconstruct_parents, tree_depths
from graph.analytics.events import Event
from nlp.fingerprint import signature

TEXTS = ["Lũ quét ở Đà Bắc làm sập cầu treo, hai xã bị cô lập",  # signatures as nlp.fingerprint makes them
         "Lũ quét ở Đà Bắc làm sập cầu treo - hai xã bị cô lập!!",
         "Việt Trì khánh thành cầu mới bắc qua sông Lô",
         "Giá đất Phú Thọ tăng mạnh sau sáp nhập tỉnh"]
SIGS = [signature(t, min_chars=1) for t in TEXTS]


@st.composite
def stories(draw):
    n = draw(st.integers(1, 25))
    events = []
    for i in range(n):
        parent = None
        if i and draw(st.booleans()):
            j = draw(st.integers(0, i))  # may point at itself or a later id: bad data must not loop
            parent = f"e{draw(st.sampled_from([j, i, min(i + 1, n - 1)]))}" if draw(st.booleans()) else f"e{j}"
        if draw(st.integers(0, 9)) == 0:
            parent = "missing-" + str(i)
        events.append(Event(id=f"e{i}", account=f"acc{draw(st.integers(0, 5))}",
                            t=float(draw(st.integers(0, 50))) * 60, story="s", parent_id=parent,
                            url=draw(st.sampled_from([None, "https://bao.vn/a", "https://bao.vn/b"])),
                            sig=draw(st.sampled_from([None, *SIGS]))))
    return events


def _walk_terminates(parents: dict) -> bool:
    for start in parents:
        seen, cur = set(), start
        while cur is not None and cur in parents:
            if cur in seen:
                return False
            seen.add(cur)
            cur = parents[cur]
    return True


@given(stories())
def test_forest_with_one_parent_each(evs):
    rec = reconstruct_parents(evs)
    parents = rec["parents"]
    ids = {e.id for e in evs}
    assert set(parents) == ids
    assert all(p is None or p in ids for p in parents.values())
    assert _walk_terminates(parents)
    assert set(rec["how"]) == ids
    assert set(rec["missing"]) <= ids and all(v.startswith("missing-") for v in rec["missing"].values())


@given(stories())
def test_inferred_parents_are_not_later(evs):
    rec = reconstruct_parents(evs)
    t = {e.id: e.t for e in evs}
    for child, parent in rec["parents"].items():
        if parent is not None and rec["how"][child] in ("copy", "link", "time"):
            assert t[parent] <= t[child]


@given(stories())
def test_earliest_event_without_observed_parent_is_a_root(evs):
    rec = reconstruct_parents(evs)
    first = min(evs, key=lambda e: (e.t, e.id))
    if rec["how"][first.id] != "explicit":
        assert rec["parents"][first.id] is None


@given(stories(), st.randoms())
def test_input_order_does_not_matter(evs, rnd):
    shuffled = list(evs)
    rnd.shuffle(shuffled)
    assert reconstruct_parents(shuffled) == reconstruct_parents(evs)


@given(stories())
def test_depths_and_metrics_are_consistent(evs):
    parents = reconstruct_parents(evs)["parents"]
    depth = tree_depths(parents)
    for child, parent in parents.items():
        if parent is None:
            assert depth[child] == 0
        else:
            assert depth[child] == depth[parent] + 1
    m = cascade_metrics(parents, {e.id: e.t for e in evs})
    assert m["size"] == len(evs)
    assert m["depth"] == max(depth.values())
