"""One analysis batch over the graph: project from Neo4j, run the pure analyses, write the results back.

Stages, each recorded as its own ``AnalysisRun`` (kinds ``cascades``, ``influence``, ``communities``,
``coordination``; ids ``<batch>:<kind>``): events (posts and articles in the window) → cascades (stories,
reconstructed parents, origins, metrics) → amplification graph → influence rankings (overall, per window,
per platform, per topic) and communities → coordinated groups. Names follow docs/graph-results.md.
Derived relationships of earlier batches are pruned only after the new batch is written, so readers
always see one whole batch.
"""

from __future__ import annotations

import json
import logging
import subprocess
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import neo4j

from graph import cypher_loader
from graph.analytics.amplifiers import overall_amplifiers
from graph.analytics.communities import find_communities
from graph.analytics.coordination import coordinated_groups
from graph.analytics.describe import describe_communities
from graph.analytics.influence import amplification_edges, engagement, influence_ranking, reach
from graph.analytics.propagation import analyse_cascades
from graph.repository import GraphReader, GraphWriter

log = logging.getLogger(__name__)
LOCAL_TZ = timezone(timedelta(hours=7))
OUTLET_PREFIX = "outlet:"
KINDS = ("cascades", "influence", "communities", "coordination")
RANKING_WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}
SPEED_WINDOW_H = 6.0


@dataclass(slots=True)
class AnalysisParams:
    since: datetime
    until: datetime
    seed: int = 0
    stability_runs: int = 3
    min_story_size: int = 2
    community_method: str = "auto"
    copy_threshold: float = 0.6
    coordination_min_repetitions: int = 2
    ranking_top: int = 500

    def as_json(self) -> str:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["since"], d["until"] = self.since.isoformat(), self.until.isoformat()
        return json.dumps(d, ensure_ascii=False, sort_keys=True)


@dataclass(slots=True)
class RunSummary:
    batch: str
    status: str = "running"
    n_events: int = 0
    n_stories: int = 0
    n_accounts: int = 0
    n_communities: int = 0
    modularity: float | None = None
    n_groups: int = 0
    n_rankings: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)

    def run_id(self, kind: str) -> str:
        return f"{self.batch}:{kind}"


def code_version() -> str:
    root = Path(__file__).resolve().parent.parent
    try:
        out = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty"],
                             capture_output=True, text=True, timeout=5, check=False)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lantoa")
    except PackageNotFoundError:
        return "unknown"


def _iso(t: float | None) -> str | None:
    return None if t is None else datetime.fromtimestamp(t, LOCAL_TZ).isoformat()


def _epoch(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def load_events(reader: GraphReader, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Posts and articles of the window as cascade events, oldest first (time-less items are left out)."""
    params = {"since": since.isoformat(), "until": until.isoformat()}
    events = []
    for name in ("read/projection_article_events", "read/projection_post_events"):
        for rec in reader.stream(name, params):
            if rec["created_at"] is None or rec["account"] is None:
                continue
            rec["t"] = _epoch(rec["created_at"])
            events.append(rec)
    events.sort(key=lambda r: (r["t"], r["id"]))
    return events


def _split_owner(owner: str) -> tuple[str | None, str | None]:
    """(account id, outlet id) of an event's author."""
    if owner.startswith(OUTLET_PREFIX):
        return None, owner[len(OUTLET_PREFIX):]
    return owner, None


def sentiment_value(value: Any) -> float | None:
    """Sentiment as a number in [-1, 1] from a label or a number (None when unknown)."""
    if value is None:
        return None
    if isinstance(value, int | float):
        return max(-1.0, min(1.0, float(value)))
    return {"negative": -1.0, "neutral": 0.0, "positive": 1.0}.get(str(value).lower())


def early_speed(times: Iterable[float], *, hours: float = SPEED_WINDOW_H) -> float:
    """Items per hour over the first ``hours`` after the first item.

    >>> early_speed([0, 600, 1200, 7200 * 10], hours=6)
    0.5
    """
    ts = sorted(times)
    if not ts:
        return 0.0
    cutoff = ts[0] + hours * 3600
    return round(sum(1 for t in ts if t <= cutoff) / hours, 4)


def run_analysis(
    driver: neo4j.Driver,
    params: AnalysisParams,
    *,
    database: str = "neo4j",
    progress: Callable[[str], None] | None = None,
) -> RunSummary:
    """Run every analysis for the window and store the results. Returns the batch's summary."""
    say = progress or (lambda msg: log.info(msg))
    reader = GraphReader(driver, database=database)
    writer = GraphWriter(driver, database=database, batch_size=2000)
    summary = RunSummary(batch=f"run-{datetime.now(LOCAL_TZ):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}")
    now = datetime.now(LOCAL_TZ).isoformat()
    version = code_version()
    writer.write("load/analysis_run_start", [
        {"id": summary.run_id(k), "kind": k, "batch": summary.batch, "at": now, "params": params.as_json(),
         "code_version": version, "window_start": params.since.isoformat(), "window_end": params.until.isoformat()}
        for k in KINDS
    ])
    t_start = time.perf_counter()
    figures: dict[str, dict[str, Any]] = {k: {} for k in KINDS}
    try:
        _run(reader, writer, params, summary, figures, say)
        summary.status = "done"
        error = None
    except Exception as e:
        summary.status = "failed"
        error = f"{type(e).__name__}: {e}"
        raise
    finally:
        summary.seconds = time.perf_counter() - t_start
        writer.write("load/analysis_run_finish", [
            {"id": summary.run_id(k), "status": summary.status, "finished_at": datetime.now(LOCAL_TZ).isoformat(),
             "seconds": summary.stages.get(k), "nodes": figures[k].get("nodes"), "edges": figures[k].get("edges"),
             "modularity": figures[k].get("modularity"), "error": error}
            for k in KINDS
        ])
    runs = [summary.run_id(k) for k in KINDS]
    with driver.session(database=database) as session:
        for name in ("admin/prune_derived", "admin/prune_part_of", "admin/prune_rankings"):
            session.run(cypher_loader.load(name).text, runs=runs).consume()
    return summary


def _timed(summary: RunSummary, name: str, t0: float) -> float:
    now = time.perf_counter()
    summary.stages[name] = round(now - t0, 3)
    return now


def _run(reader: GraphReader, writer: GraphWriter, params: AnalysisParams, summary: RunSummary,
         figures: dict[str, dict[str, Any]], say: Callable[[str], None]) -> None:
    t = time.perf_counter()
    events = load_events(reader, params.since, params.until)
    summary.n_events = len(events)
    accounts_meta = {r["id"]: r for r in reader.stream("read/projection_accounts")}
    followers = {a: int(m["followers"] or 0) for a, m in accounts_meta.items()}
    t = _timed(summary, "projection", t)
    say(f"{len(events):,} sự kiện, {len(accounts_meta):,} tài khoản")

    stories, all_parents, trees = _cascades(events, params, summary)
    figures["cascades"].update(nodes=sum(len(s["res"]["parents"]) for s in stories.values()), edges=sum(
        1 for s in stories.values() for p in s["res"]["parents"].values() if p is not None))
    t = _timed(summary, "cascades", t)
    say(f"{len(stories):,} câu chuyện")

    owner = {e["id"]: e["account"] for e in events}
    epoch = {e["id"]: e["t"] for e in events}
    amp = amplification_edges(all_parents, owner, epoch)
    totals = overall_amplifiers(trees, followers=followers).get("totals", {}) if trees else {}
    ranking = _ranking(amp, events, all_parents, followers, seed=params.seed) if amp else []
    figures["influence"].update(nodes=len(ranking), edges=len(amp))
    t = _timed(summary, "influence", t)

    comm_edges = [(r["source"], r["target"], float(r["count"])) for r in amp]
    comm = find_communities(comm_edges, method=params.community_method, seed=params.seed,
                            stability_runs=params.stability_runs) if comm_edges else None
    membership = comm["membership"] if comm else {}
    summary.n_communities = len(comm["sizes"]) if comm else 0
    summary.modularity = comm["modularity"] if comm else None
    figures["communities"].update(nodes=len(membership), edges=len(comm_edges), modularity=summary.modularity)
    t = _timed(summary, "communities", t)

    shares = [
        {"account": e["account"], "created_at": e["created_at"], "url": e.get("url"),
         "fingerprint": e.get("fingerprint"), "id": e["id"]}
        for e in events if not e["account"].startswith(OUTLET_PREFIX) and (e.get("url") or e.get("fingerprint"))
    ]
    coord = coordinated_groups(shares, by="both", min_repetitions=params.coordination_min_repetitions) \
        if shares else {"groups": [], "edges": [], "window_s": None}
    summary.n_groups = len(coord["groups"])
    figures["coordination"].update(nodes=sum(g["size"] for g in coord["groups"]), edges=len(coord["edges"]))
    t = _timed(summary, "coordination", t)

    _write(writer, params, summary, events, accounts_meta, stories, amp, ranking, totals, comm, comm_edges, coord)
    _timed(summary, "write", t)


def _cascades(events: list[dict[str, Any]], params: AnalysisParams, summary: RunSummary):
    index = {e["id"]: e for e in events}
    stories: dict[str, dict[str, Any]] = {}
    all_parents: dict[str, str | None] = {}
    trees: dict[str, tuple[dict, dict]] = {}
    owner = {e["id"]: e["account"] for e in events}
    for _key, res in analyse_cascades(
        ({k: e.get(k) for k in ("id", "account", "created_at", "parent_id", "url", "fingerprint")} for e in events),
        copy_threshold=params.copy_threshold,
    ):
        parents = res["parents"]
        if len(parents) < params.min_story_size:
            continue
        first = min(parents, key=lambda i: (index[i]["t"] if i in index else float("inf"), i))
        sid = f"story:{first}"
        stories[sid] = {"res": res, "first": first}
        all_parents.update(parents)
        trees[sid] = (parents, {i: owner[i] for i in parents if i in owner})
    summary.n_stories = len(stories)
    return stories, all_parents, trees


def _ranking(amp, events, parents, followers, *, seed: int, top: int | None = None) -> list[dict[str, Any]]:
    return influence_ranking(
        amp, reach_rows=reach(events, parents=parents, followers=followers),
        engagement_rows=engagement(events), top=top, seed=seed,
    )


def _scoped_rankings(
    events: list[dict[str, Any]], parents: Mapping[str, str | None], followers: Mapping[str, int],
    until: datetime, *, seed: int, top: int,
) -> Iterable[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(scope, ranking) for each window, platform and topic that has an amplification graph."""
    def ranking_of(evs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = {e["id"] for e in evs}
        sub = {i: p for i, p in parents.items() if i in ids and (p is None or p in ids)}
        owner = {e["id"]: e["account"] for e in evs}
        amp = amplification_edges(sub, owner, {e["id"]: e["t"] for e in evs})
        amp = [r for r in amp if not r["source"].startswith(OUTLET_PREFIX)]
        return _ranking(amp, evs, sub, followers, seed=seed, top=top) if amp else []

    end = until.timestamp()
    for name, delta in RANKING_WINDOWS.items():
        evs = [e for e in events if e["t"] >= end - delta.total_seconds()]
        yield {"scope": "window", "window": name}, ranking_of(evs)
    by_platform: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_topic: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        if e.get("platform") and e["platform"] != "web":
            by_platform[e["platform"]].append(e)
        for topic in e.get("topics") or []:
            by_topic[topic].append(e)
    for platform, evs in sorted(by_platform.items()):
        yield {"scope": "platform", "platform": platform, "window": "all"}, ranking_of(evs)
    for topic, evs in sorted(by_topic.items()):
        yield {"scope": "topic", "topic": topic, "window": "all"}, ranking_of(evs)


def _entries(ranking: list[dict[str, Any]], totals: Mapping[str, Mapping[str, int]]) -> list[dict[str, Any]]:
    accounts = [r for r in ranking if not r["account"].startswith(OUTLET_PREFIX)]
    top_pr = max((r["pagerank"] for r in accounts), default=0.0) or 1.0
    return [
        {"account": r["account"], "rank": k, "score": round(r["pagerank"] / top_pr, 6), "pagerank": r["pagerank"],
         "reach": int(r.get("unique_resharers", 0)), "engagement": int(r.get("interactions", 0)),
         "amplification": int(totals.get(r["account"], {}).get("reshares", 0)), "bridge": r["bridge"],
         "kcore": r["core"]}
        for k, r in enumerate(accounts, start=1)
    ]


def _write(writer, params, summary, events, accounts_meta, stories, amp, ranking, totals, comm, comm_edges,
           coord) -> None:
    run_inf, run_com = summary.run_id("influence"), summary.run_id("communities")
    run_cas, run_coo = summary.run_id("cascades"), summary.run_id("coordination")
    membership = comm["membership"] if comm else {}

    def comm_id(node: str | None) -> str | None:
        return f"{run_com}:{membership[node]}" if node in membership else None

    # communities
    if comm:
        names = {a: m.get("name") for a, m in accounts_meta.items()}
        attrs = {n: {"kind": "outlet" if n.startswith(OUTLET_PREFIX) else "account",
                     "name": names.get(n) or n.removeprefix(OUTLET_PREFIX)} for n in membership}
        desc = {d["community"]: d for d in describe_communities(membership, comm_edges, node_attrs=attrs, top=5)}
        internal_edges: Counter[int] = Counter()
        for u, v, _w in comm_edges:
            if membership.get(u) == membership.get(v):
                internal_edges[membership[u]] += 1
        rows = []
        for idx, size in enumerate(comm["sizes"]):
            d = desc.get(idx, {})
            top = sorted((x for kind in ("account", "outlet") for x in d.get("top", {}).get(kind, [])),
                         key=lambda x: -x["score"])[:5]
            top_names = [str(x["name"]) for x in top]
            rows.append({
                "id": f"{run_com}:{idx}", "run": run_com, "index": idx, "size": size,
                "modularity": comm["modularity"], "method": comm["method"], "seed": comm["seed"],
                "density": round(internal_edges[idx] / (size * (size - 1)), 6) if size > 1 else 0.0,
                "label": f"Cộng đồng {idx + 1}: quanh " + ", ".join(top_names[:3]) if top_names else None,
                "top_terms": top_names, "top_accounts": [str(x["id"]) for x in top],
                "internal_weight": d.get("internal_weight"), "external_weight": d.get("external_weight"),
            })
        writer.write("load/communities", rows)
        stab = comm.get("stability") or {}
        writer.write("load/community_members", [
            {"member_id": n, "outlet_id": _split_owner(n)[1], "community_id": comm_id(n), "run": run_com,
             "stability": stab.get(n)} for n in membership
        ])

    # influence: properties, overall and scoped rankings, AMPLIFIES
    group_of = {a: f"{run_coo}:{k}" for k, g in enumerate(coord["groups"]) for a in g["accounts"]}
    stab = (comm.get("stability") or {}) if comm else {}
    entries = {e["account"]: e for e in _entries(ranking, totals)}
    top_pr = max((r["pagerank"] for r in ranking), default=0.0) or 1.0
    acc_rows, outlet_rows = [], []
    for r in ranking:
        e = entries.get(r["account"])
        row = {
            "run": run_inf, "pagerank": r["pagerank"], "rank": e["rank"] if e else None,
            "influence": round(r["pagerank"] / top_pr, 6), "bridge": r["bridge"], "kcore": r["core"],
            "reach": int(r.get("unique_resharers", 0)), "engagement": int(r.get("interactions", 0)),
            "amplification": int(totals.get(r["account"], {}).get("reshares", 0)),
            "spread": int(totals.get(r["account"], {}).get("spread", 0)),
            "community_id": comm_id(r["account"]), "community_stability": stab.get(r["account"]),
            "coordination_group": group_of.get(r["account"]),
        }
        acc, outlet = _split_owner(r["account"])
        (acc_rows if acc else outlet_rows).append({"id": acc or outlet, **row})
    summary.n_accounts = len(acc_rows)
    writer.write("load/account_influence", acc_rows)
    writer.write("load/outlet_influence", outlet_rows)
    rankings = [{"id": f"{run_inf}:all:all", "run": run_inf, "scope": "all", "window": "all", "topic": None,
                 "platform": None, "community_id": None,
                 "entries": list(entries.values())[: params.ranking_top]}]
    parents_all = {i: p for s in stories.values() for i, p in s["res"]["parents"].items()}
    followers = {a: int(m["followers"] or 0) for a, m in accounts_meta.items()}
    for scope, scoped in _scoped_rankings(events, parents_all, followers, params.until, seed=params.seed,
                                          top=params.ranking_top):
        value = scope.get("window") if scope["scope"] == "window" else scope.get(scope["scope"])
        rankings.append({"id": f"{run_inf}:{scope['scope']}:{value}", "run": run_inf, "scope": scope["scope"],
                         "window": scope.get("window"), "topic": scope.get("topic"),
                         "platform": scope.get("platform"), "community_id": None,
                         "entries": _entries(scoped, totals)[: params.ranking_top]})
    for cid in sorted({comm_id(a) for a in entries if comm_id(a)}):
        members = [r for r in ranking if comm_id(r["account"]) == cid]
        rankings.append({"id": f"{run_inf}:community:{cid}", "run": run_inf, "scope": "community",
                         "window": "all", "topic": None, "platform": None, "community_id": cid,
                         "entries": _entries(members, totals)[: params.ranking_top]})
    writer.write("load/rankings", rankings, batch_size=20)
    summary.n_rankings = len(rankings)
    writer.write("load/amplifies", [
        {"source": r["source"], "target": r["target"], "count": r["count"], "first_at": _iso(r["first_at"]),
         "run": run_inf}
        for r in amp if not r["source"].startswith(OUTLET_PREFIX) and not r["target"].startswith(OUTLET_PREFIX)
    ])

    # coordination
    writer.write("load/coordination_groups", [
        {"id": f"{run_coo}:{k}", "run": run_coo, "size": g["size"], "window_s": coord["window_s"],
         "by": coord.get("by"), "n_keys": g.get("n_keys"), "accounts": g["accounts"],
         "edges": [e for e in coord["edges"] if e["source"] in g["accounts"] and e["target"] in g["accounts"]],
         "evidence": json.dumps(g.get("keys", [])[:50], ensure_ascii=False, default=str)}
        for k, g in enumerate(coord["groups"])
    ], batch_size=50)

    # stories
    index = {e["id"]: e for e in events}
    story_rows, member_rows = [], []
    for sid, st in stories.items():
        res, first = st["res"], st["first"]
        m = res["metrics"]
        members = list(res["parents"])
        origin = res["origin"][0] if res["origin"] else None
        origin_is_article = bool(origin) and index.get(origin["id"], {}).get("account", "").startswith(OUTLET_PREFIX)
        owners = [index[i]["account"] for i in members if i in index]
        share = Counter(c for c in (comm_id(a) for a in owners) if c)
        sents = [v for v in (sentiment_value(index[i].get("sentiment")) for i in members if i in index)
                 if v is not None]
        story_rows.append({
            "id": sid, "run": run_cas, "title": ((index.get(first) or {}).get("text") or "")[:200].strip(),
            "first_seen_at": _iso(m["first_at"]), "last_seen_at": _iso(m["last_at"]),
            "size": m["size"], "depth": m["depth"], "breadth": m["max_breadth"],
            "virality": m["structural_virality"], "items_per_hour": m["items_per_hour"],
            "speed_per_hour": early_speed(index[i]["t"] for i in members if i in index),
            "reach": len(set(owners)),
            "time_to_10_s": m["time_to"].get("10"), "time_to_100_s": m["time_to"].get("100"),
            "time_to_1000_s": m["time_to"].get("1000"),
            "origin_post_id": origin["id"] if origin and not origin_is_article else None,
            "origin_article_id": origin["id"] if origin and origin_is_article else None,
            "origin_account": origin["account"] if origin else None,
            "origin_confidence": origin["score"] if origin else None,
            "origin_unobserved": bool(res["origin_probably_unobserved"]),
            "origin_reasons": [str(x) for x in res.get("reasons", [])],
            "origin_candidates": json.dumps(res["origin"], ensure_ascii=False, default=str),
            "growth": json.dumps(m.get("growth_curve", [])),
            "community_share": json.dumps({k: round(v / len(members), 4) for k, v in share.items()}),
            "negative_share": round(sum(1 for v in sents if v < -0.2) / len(sents), 4) if sents else None,
            "sentiment": round(sum(sents) / len(sents), 4) if sents else None,
        })
        how = res.get("how", {})
        for i in members:
            member_rows.append({"item_id": i, "story_id": sid, "run": run_cas, "parent_id": res["parents"].get(i),
                                "how": how.get(i), "confidence": None})
    writer.write("load/stories", story_rows)
    writer.write("load/story_members", member_rows)


def default_window(days: int = 30, *, now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or datetime.now(LOCAL_TZ)
    return now - timedelta(days=days), now + timedelta(minutes=1)


__all__ = ["AnalysisParams", "RunSummary", "run_analysis", "load_events", "default_window", "early_speed"]
