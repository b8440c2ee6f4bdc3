import networkx as nx
import numpy as np
import pytest

from common.errors import ValidationError
from graph.analytics.amplifiers import account_scores, overall_amplifiers
from graph.analytics.coordination import coordinated_groups, estimate_window
from graph.analytics.describe import describe_communities
from graph.analytics.events import filter_records
from graph.analytics.influence import (
    amplification_edges,
    bridge_scores,
    influence_ranking,
    k_core,
    pagerank,
    reach,
)
from nlp.fingerprint import fingerprinted


def test_pagerank_matches_networkx():
    G = nx.gnm_random_graph(200, 800, seed=1, directed=True)
    for u, v in G.edges:
        G[u][v]["weight"] = 1 + (u * v) % 5
    ours = pagerank(G)
    ref = nx.pagerank(G, weight="weight")
    assert max(abs(ours[v] - ref[v]) for v in G) < 1e-5


def test_bridge_exact_and_sampled():
    G = nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=2)
    ref = nx.betweenness_centrality(G, normalized=True)
    exact = bridge_scores(G)
    assert max(abs(exact[v] - ref[v]) for v in G) < 1e-9
    approx = bridge_scores(G, exact_max_nodes=10, samples=150, seed=0)
    a = np.array([approx[v] for v in G])
    r = np.array([ref[v] for v in G])
    assert np.corrcoef(a, r)[0, 1] > 0.9
    assert approx == bridge_scores(G, exact_max_nodes=10, samples=150, seed=0)


def test_k_core_matches_networkx():
    G = nx.powerlaw_cluster_graph(300, 3, 0.3, seed=3)
    assert k_core(G) == nx.core_number(G)


def test_amplification_and_reach():
    parents = {"o": None, "r1": "o", "r2": "r1", "r3": "o", "self": "o"}
    accounts = {"o": "outlet", "r1": "bob", "r2": "ann", "r3": "ann", "self": "outlet"}
    edges = amplification_edges(parents, accounts)
    assert sorted((e["source"], e["target"], e["count"]) for e in edges) == [
        ("ann", "bob", 1), ("ann", "outlet", 1), ("bob", "outlet", 1)]
    s = account_scores(parents, accounts, followers={"bob": 10, "ann": 3})
    assert s["bob"]["amplification"] == 13 and s["ann"]["amplification"] == 6
    assert s["outlet"]["spread"] == 4 and s["outlet"]["amplification"] == 0
    events = [{"id": k, "account": a} for k, a in accounts.items()]
    r = reach(events, parents=parents)
    assert r["outlet"]["unique_resharers"] == 2 and r["bob"]["unique_resharers"] == 1
    rows = influence_ranking(edges, reach_rows=r, amplification_rows=s)
    assert rows[0]["account"] == "outlet" and "unique_resharers" in rows[0] and "amplification" in rows[0]


def test_super_spreaders_stand_out():
    rng = np.random.default_rng(0)
    stories = {}
    for k in range(100):
        parents = {f"{k}-0": None}
        accounts = {f"{k}-0": "hub" if k % 2 == 0 else f"small{k}"}
        for j in range(1, 30 if k % 2 == 0 else 3):
            parents[f"{k}-{j}"] = f"{k}-0"
            accounts[f"{k}-{j}"] = f"u{int(rng.integers(0, 500))}"
        stories[str(k)] = (parents, accounts)
    res = overall_amplifiers(stories, quantile=0.99)
    assert [r["account"] for r in res["super_spreaders"]] == ["hub"]


def planted_coordination(seed=0):
    rng = np.random.default_rng(seed)
    recs = []
    for u in range(300):  # organic sharing: a burst after publication, delays ~ exponential (mean 2 h)
        t0 = float(rng.uniform(0, 5 * 86400))
        for _ in range(int(rng.integers(2, 8))):
            recs.append({"account": f"org{int(rng.integers(0, 400))}",
                         "created_at": t0 + float(rng.exponential(7200)), "url": f"http://u/{u}"})
    group = [f"bot{i}" for i in range(6)]
    for j in range(8):  # the group shares 8 links, each within 40 s
        t = float(rng.uniform(0, 5 * 86400))
        for a in group:
            recs.append({"account": a, "created_at": t + float(rng.uniform(0, 40)), "url": f"http://u/{j * 7}",
                         "id": f"{a}-{j}"})
    return recs, set(group)


def test_coordinated_link_sharing_finds_planted_group():
    recs, group = planted_coordination()
    res = coordinated_groups(recs)
    assert res["window_s"] < 3600
    assert res["groups"] and set(res["groups"][0]["accounts"]) == group
    g = res["groups"][0]
    assert g["n_keys"] >= 8 and all(len(k["shares"]) >= 2 for k in g["keys"])
    assert all(e["weight"] >= 2 for e in res["edges"])


def test_coordination_by_near_identical_text():
    bases = ["Tin khẩn: đập thủy điện Hòa Bình sắp vỡ, người dân hạ du sơ tán ngay lập tức, chia sẻ gấp",
             "Chủ tịch xã nhận hối lộ hàng tỷ đồng từ dự án đất đai ở Tam Nông, dân bức xúc",
             "Bệnh viện tỉnh bỏ mặc bệnh nhân cấp cứu suốt ba giờ đồng hồ, hãy lan tỏa"]
    recs = []
    for j, base in enumerate(bases):
        for i, a in enumerate(["x", "y", "z"]):
            recs.append({"account": a, "created_at": 1000 * j + i, "text": base + "!" * i})
    recs.append({"account": "w", "created_at": 50, "text": "giá lúa hôm nay tăng nhẹ ở Việt Trì"})
    res = coordinated_groups([fingerprinted(r) for r in recs], by="text", window=60)
    assert [g["accounts"] for g in res["groups"]] == [["x", "y", "z"]]


def test_window_estimate_and_validation():
    assert estimate_window({"a": [0, 1, 2, 3, 4, 5]}, q=0.5, p=0.5) == 3.0
    with pytest.raises(ValidationError):
        coordinated_groups([], by="likes")
    with pytest.raises(ValidationError):
        coordinated_groups([{"account": "a"}])


def test_filter_records_and_describe():
    recs = [{"id": i, "created_at": 86400 * i, "platform": "fb" if i % 2 else "tt", "community": i % 3} for i in range(10)]
    got = filter_records(recs, since=86400 * 2, until=86400 * 8, platform="fb", community={0, 1})
    assert [r["id"] for r in got] == [3, 7]
    d = describe_communities({"a": 0, "b": 0, "c": 1}, [("a", "b", 2), ("b", "c", 1)], by="pagerank")
    assert d[0]["external_weight"] == 1.0 and d[0]["internal_weight"] == 2.0


def test_overall_amplifiers_totals_sum_story_scores():
    st = {"s1": ({"o": None, "r": "o"}, {"o": "a", "r": "b"}), "s2": ({"p": None, "q": "p"}, {"p": "a", "q": "b"})}
    totals = overall_amplifiers(st, min_spread=1, min_amplification=1)["totals"]
    assert totals["a"] == {"stories": 2, "items": 2, "reshares": 0, "amplification": 0, "spread": 2}
    assert totals["b"]["reshares"] == 2 and totals["b"]["amplification"] == 2


def test_coordination_ignores_tracking_parameters():
    recs = []
    for j in range(3):
        for i, a in enumerate(["x", "y"]):
            recs.append({"account": a, "created_at": 1000 * j + i, "url": f"http://bao.vn/{j}?utm_source=s{i}&fbclid={a}"})
    assert [g["accounts"] for g in coordinated_groups(recs, window=30)["groups"]] == [["x", "y"]]


def test_both_counts_a_link_shared_with_its_title_once():
    title = "Thanh tra tỉnh công bố kết luận sai phạm tại phường Thống Nhất, nhiều cán bộ bị kỷ luật"
    recs = [{"account": a, "created_at": i, "url": "http://bao.vn/a", "text": f"{title} http://bao.vn/a"}
            for i, a in enumerate(["x", "y"])]
    recs = [fingerprinted(r) for r in recs]
    assert coordinated_groups(recs, by="both", window=60)["groups"] == []
    # the same copied text with different links is one content: two contents co-shared → a group
    other = "Khẩn: đập thủy điện sắp xả lũ, người dân hạ du sơ tán ngay trong đêm nay, chia sẻ gấp"
    recs += [fingerprinted({"account": a, "created_at": 500 + i, "url": f"http://short/{a}", "text": other})
             for i, a in enumerate(["x", "y"])]
    res = coordinated_groups(recs, by="both", window=60)
    assert [g["accounts"] for g in res["groups"]] == [["x", "y"]] and res["groups"][0]["n_keys"] == 2


def test_estimated_window_is_capped():
    recs = [{"account": a, "created_at": t, "url": u} for a, t, u in [
        ("x", 0, "u1"), ("y", 7200, "u1"), ("x", 10000, "u2"), ("y", 17200, "u2")]]
    assert coordinated_groups(recs)["window_s"] == 600.0
    assert coordinated_groups(recs, max_window=10**6)["window_s"] == 7200.0
