import itertools
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.errors import ValidationError
from graph.analytics.cascades import (
    cascade_metrics,
    group_stories,
    reconstruct_parents,
    structural_virality,
    tree_depths,
)
from graph.analytics.evaluation import drop_parent_links, earliest_baseline, evaluate_parent_recovery
from graph.analytics.events import parse_event
from graph.analytics.origins import trace_origins
from graph.analytics.propagation import analyse_cascades
from graph.analytics.synthetic import synthetic_cascades
from nlp.fingerprint import fingerprinted

TEXT = "Cảnh báo lũ quét tại xã Đà Bắc, người dân cần di dời khỏi khu vực ven suối ngay trong đêm nay"


def ev(i, t, acc, **kw):
    # text is fingerprinted as at ingest (nlp.fingerprint); the analysis sees only the fingerprint
    return parse_event(fingerprinted({"id": i, "account": acc, "created_at": t, "story": kw.pop("story", "s"), **kw}))


@st.composite
def random_tree(draw):
    n = draw(st.integers(1, 40))
    return {str(i): (None if i == 0 else str(draw(st.integers(0, i - 1)))) for i in range(n)}


@settings(max_examples=60, deadline=None)
@given(random_tree())
def test_structural_virality_is_mean_pairwise_distance(parents):
    G = nx.Graph()
    G.add_nodes_from(parents)
    G.add_edges_from((c, p) for c, p in parents.items() if p is not None)
    n = len(parents)
    expected = 0.0 if n < 2 else nx.average_shortest_path_length(G)
    assert structural_virality(parents) == pytest.approx(expected)


def test_reconstruction_tiers():
    evs = [
        ev("a", 0, "outlet", url="http://bao.vn/a", text=TEXT),
        ev("b", 10, "u1", parent_id="a"),
        ev("c", 20, "u2", text=TEXT.upper() + "!!"),
        ev("d", 30, "u3", url="http://bao.vn/a", text="xem này"),
        ev("e", 40, "u4", text="một chuyện hoàn toàn khác về giá lúa"),
        ev("f", 50, "u5", parent_id="never-seen"),
    ]
    r = reconstruct_parents(evs)
    assert r["how"] == {"a": "root", "b": "explicit", "c": "copy", "d": "link", "e": "time", "f": "time"}
    assert r["parents"]["c"] == "a" and r["parents"]["d"] == "a"
    assert r["missing"] == {"f": "never-seen"}


def test_affinity_breaks_ties():
    # u9 has reshared u2 before (explicit, other story): its unlinked item goes under u2's item
    evs = [ev("x1", 0, "u2", story="old"), ev("x2", 5, "u9", story="old", parent_id="x1"),
           ev("a", 100, "root"), ev("b", 110, "u2", parent_id="a"), ev("c", 120, "u9")]
    from graph.analytics.cascades import account_affinity
    aff = account_affinity(evs)
    r = reconstruct_parents([e for e in evs if e.story == "s"], affinity=aff)
    assert r["parents"]["c"] == "b" and r["how"]["c"] == "time"


def test_cycles_are_cut():
    evs = [ev("a", 0, "x", parent_id="b"), ev("b", 5, "y", parent_id="a")]
    r = reconstruct_parents(evs)
    assert r["parents"] == {"a": None, "b": "a"}
    assert tree_depths(r["parents"]) == {"a": 0, "b": 1}


def test_group_stories_follows_parent_chain():
    evs = [ev("a", 0, "x", story="s1"), parse_event({"id": "b", "account": "y", "created_at": 1, "parent_id": "a"}),
           parse_event({"id": "c", "account": "z", "created_at": 2})]
    groups = group_stories(evs)
    assert [e.id for e in groups["s1"]] == ["a", "b"] and [e.id for e in groups["tree:c"]] == ["c"]


def test_metrics_chain_and_star():
    star = {"r": None, **{str(i): "r" for i in range(9)}}
    times = {"r": 0, **{str(i): 360 * (i + 1) for i in range(9)}}
    m = cascade_metrics(star, times, accounts={k: k for k in star}, communities={"r": 1, "0": 1}, milestones=(10,))
    assert (m["size"], m["depth"], m["max_breadth"], m["n_roots"]) == (10, 1, 9, 1)
    assert m["time_to"] == {"10": 3240.0}
    assert m["items_per_hour"] == pytest.approx(10 / 0.9)
    assert m["items_per_hour_first_6h"] == pytest.approx(10 / 6)
    assert m["community_share"] == {"?": 0.8, "1": 0.2}
    assert m["growth_curve"][-1][1] == 10
    assert m["structural_virality"] == pytest.approx(1.8)


def test_origin_flag_for_unobserved_parent_and_url():
    evs = [ev("p1", 0, "a", parent_id="gone"), ev("p2", 10, "b", parent_id="p1")]
    res = trace_origins(evs, reconstruct_parents(evs))
    assert res["origin_probably_unobserved"] and res["reasons"] == ["share_of_unobserved"]
    assert res["origin"][0]["id"] == "gone" and res["origin"][0]["account"] is None
    evs = [ev("p1", 0, "a", url="http://never.vn/x"), ev("p2", 10, "b", url="http://never.vn/x")]
    res = trace_origins(evs, reconstruct_parents(evs))
    assert res["reasons"] == ["cites_unobserved_url"]
    evs = [ev("http://bao.vn/x", 0, "a", url="http://bao.vn/x"), ev("p2", 10, "b", url="http://bao.vn/x")]
    res = trace_origins(evs, reconstruct_parents(evs))
    assert not res["origin_probably_unobserved"] and res["origin"][0]["id"] == "http://bao.vn/x"
    assert sum(c["score"] for c in res["origin"]) == pytest.approx(1.0)


def test_bad_events_are_rejected():
    for bad in [{"account": "a", "created_at": 0}, {"id": "1", "created_at": 0}, {"id": "1", "account": "a"},
                {"id": "1", "account": "a", "created_at": "hôm qua"}, {"id": "1", "account": "a", "created_at": 0, "parent_id": "1"},
                {"id": "1", "account": "a", "created_at": 0, "fingerprint": 5},
                {"id": "1", "account": "a", "created_at": 0, "fingerprint": "not hex"}]:
        with pytest.raises(ValidationError):
            parse_event(bad)
    with pytest.raises(ValidationError, match="event 1"):
        list(analyse_cascades([{"id": "1", "account": "a", "created_at": 0}, {"id": "2"}]))


def test_drop_is_seeded_and_proportional():
    events, _ = synthetic_cascades(30, seed=2, mean_size=10)
    a, da = drop_parent_links(events, drop=0.3, seed=5)
    b, db = drop_parent_links(events, drop=0.3, seed=5)
    assert da == db and a == b
    n_linked = sum(1 for e in events if e["parent_id"])
    assert len(da) == round(0.3 * n_linked)
    assert all(events[i]["parent_id"] for i, e in enumerate(a) if e["id"] in da)


def test_baseline_attaches_to_earliest():
    recs = [{"id": "a", "story": "s", "account": "x", "created_at": 0},
            {"id": "b", "story": "s", "account": "y", "created_at": 5},
            {"id": "c", "story": "s", "account": "z", "created_at": 9, "parent_id": "b"}]
    assert earliest_baseline(recs) == {"a": None, "b": "a", "c": "b"}


def test_reconstruction_beats_earliest_baseline_on_synthetic_cascades():
    events, truth = synthetic_cascades(150, seed=11, mean_size=20)
    r = evaluate_parent_recovery(events, truth["parents"], truth["origins"], drop=0.3, seed=1)
    m, b = r["method"], r["baseline"]
    assert r["n_dropped"] > 100
    assert m["parent_accuracy_dropped"] > b["parent_accuracy_dropped"] + 0.05
    assert m["parent_accuracy_unlinked"] > b["parent_accuracy_unlinked"] + 0.05
    assert m["origin_accuracy"] > b["origin_accuracy"] + 0.1
    assert m["origin_accuracy"] > 0.85


def test_analysis_is_deterministic_and_order_independent():
    events, _ = synthetic_cascades(20, seed=4, mean_size=8)
    shuffled = list(events)
    random.Random(0).shuffle(shuffled)
    a = dict(analyse_cascades(events))
    b = dict(analyse_cascades(shuffled))
    assert a == b
    for res in a.values():
        assert set(res) >= {"parents", "origin", "metrics"}
        top = res["origin"][0]
        assert top["id"] in res["parents"] or (top["account"] is None and res["origin_probably_unobserved"])


def test_every_story_is_a_forest_of_its_own_items():
    events, _ = synthetic_cascades(40, seed=9, mean_size=15)
    ids = {e["id"] for e in events}
    for res in dict(analyse_cascades(events)).values():
        for p in res["parents"].values():
            assert p is None or p in ids
        depths = tree_depths(res["parents"])
        assert set(depths) == set(res["parents"])
    assert len(list(itertools.islice(analyse_cascades(events), 3))) == 3


def test_known_ids_silence_the_unobserved_url_flag():
    recs = [{"id": "p1", "story": "s", "account": "a", "created_at": 0, "url": "http://bao.vn/x?utm_source=fb"},
            {"id": "p2", "story": "s", "account": "b", "created_at": 9, "url": "http://bao.vn/x"}]
    (_, res), = analyse_cascades(recs)
    assert res["reasons"] == ["cites_unobserved_url"] and res["origin"][0]["id"] == "http://bao.vn/x"
    assert res["parents"]["p2"] == "p1"
    (_, res), = analyse_cascades(recs, known_ids={"http://bao.vn/x"})
    assert not res["origin_probably_unobserved"] and res["origin"][0]["id"] == "p1"


def test_story_whose_items_hang_from_another_story_still_has_an_origin():
    recs = [{"id": "a", "story": "s1", "account": "x", "created_at": 0},
            {"id": "b", "story": "s2", "account": "y", "created_at": 5, "parent_id": "a"},
            {"id": "c", "story": "s2", "account": "z", "created_at": 9, "parent_id": "b"}]
    res = dict(analyse_cascades(recs))["s2"]
    assert res["origin"][0]["id"] == "b"
    assert res["origin"][0]["evidence"]["parent_outside_story"] == "a"
    assert res["metrics"]["depth"] == 1


def test_stock_comments_are_not_copies():
    evs = [ev("o", 0, "src", text=TEXT), ev("a", 10, "u1", text="Tin chính thức đây"),
           ev("b", 20, "u2", text="Tin chính thức đây")]
    r = reconstruct_parents(evs)
    assert r["how"]["b"] == "time" and r["parents"]["b"] == "o"
