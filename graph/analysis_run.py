"""One analysis batch over the graph: project from Neo4j, run the pure analyses, write the results back.

Stages, each recorded as its own ``AnalysisRun`` (kinds ``cascades``, ``influence``, ``communities``,
``coordination``; ids ``<batch>:<kind>``): events (posts and articles in the window) → cascades (stories,
reconstructed parents, origins, metrics) → amplification graph → influence rankings (overall, per window,
per platform, per topic) and communities → coordinated groups. Names follow docs/graph-results.md.
Derived relationships of earlier batches are pruned only after the new batch is written, so readers
always see one whole batch.

Each result kind is a small dataclass (:class:`StoryResult`, :class:`InfluenceResult`, :class:`CommunityResult`,
:class:`CoordinationResult`) with its own writer (``_write_<kind>``). A story's sentiment follows
``common.sentiment``: ``sentiment_score`` is the mean of its items' signed scores, ``sentiment`` the label of that
mean, ``negative_share`` the share of its labelled items whose label is negative.
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

from common.sentiment import Sentiment, label_for, mean_score
from graph.analytics.amplifiers import overall_amplifiers
from graph.analytics.communities import find_communities
from graph.analytics.coordination import coordinated_groups
from graph.analytics.describe import describe_communities
from graph.analytics.identity import pen_name_links
from graph.analytics.influence import amplification_edges, engagement, influence_ranking, reach
from graph.analytics.propagation import analyse_cascades
from graph.analytics.untimed import attach_untimed
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
    events: bool = True  # bursts of many stories about one place and topic become one story of kind "event"
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
    stories_merged: int = 0  # stories of earlier batches now merged into another (MERGED_INTO)
    pen_names: int = 0       # bylines linked SAME_AS the fuller name they end at the same outlet
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


@dataclass(frozen=True, slots=True)
class StorySentiment:
    score: float | None  # mean of the items' signed scores (common.sentiment.mean_score)
    label: str | None  # common.sentiment.label_for(score)
    negative_share: float | None  # share of the labelled items whose label is "negative"


def story_sentiment(items: Iterable[Mapping[str, Any]]) -> StorySentiment:
    """A story's sentiment from its items' stored ``sentiment_score`` and ``sentiment`` label (items not yet
    annotated are left out; all None when none is).

    >>> story_sentiment([{"sentiment_score": -0.8, "sentiment": "negative"},
    ...                  {"sentiment_score": 0.1, "sentiment": "neutral"}, {"sentiment_score": None}])
    StorySentiment(score=-0.35, label='negative', negative_share=0.5)
    """
    items = list(items)
    score = mean_score([i.get("sentiment_score") for i in items])
    labels = [i["sentiment"] for i in items if isinstance(i.get("sentiment"), str)]
    negative = sum(1 for label in labels if label == Sentiment.NEGATIVE)
    return StorySentiment(score=score, label=None if score is None else label_for(score),
                          negative_share=round(negative / len(labels), 4) if labels else None)


# ---------------------------------------------------------------------------------------------------------
# the results, one dataclass per kind
# ---------------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Projection:
    """What the run reads from the graph: the window's events (oldest first) and every account's metadata."""

    events: list[dict[str, Any]]
    accounts: dict[str, dict[str, Any]]
    index: dict[str, dict[str, Any]] = field(init=False)  # event id -> event
    followers: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.index = {e["id"]: e for e in self.events}
        self.followers = {a: int(m["followers"] or 0) for a, m in self.accounts.items()}

    def owner(self) -> dict[str, str]:
        return {e["id"]: e["account"] for e in self.events}


@dataclass(slots=True)
class StoryResult:
    """One cascade with at least ``min_story_size`` items (``analyse_cascades``'s result for it)."""

    id: str
    first: str  # the earliest item
    parents: dict[str, str | None]  # item -> reconstructed parent (None for a root)
    how: dict[str, str]  # item -> how its parent was found
    origin: list[dict[str, Any]]  # origin candidates, best first
    origin_unobserved: bool
    reasons: list[Any]
    metrics: dict[str, Any]
    kind: str = "story"  # story (one cascade) | event (a burst of many stories about one place and topic)
    event: dict[str, Any] | None = None  # an event's places, topics, span (epoch s) and units


@dataclass(slots=True)
class InfluenceResult:
    run: str
    amplification: list[dict[str, Any]]  # amplification edges {source, target, count, first_at}
    ranking: list[dict[str, Any]]  # influence_ranking rows, accounts and outlets, best first
    totals: dict[str, dict[str, int]]  # account -> {reshares, spread} over every story
    scoped: list[tuple[dict[str, Any], list[dict[str, Any]]]]  # (scope, ranking) per window, platform, topic


@dataclass(slots=True)
class CommunityResult:
    run: str
    edges: list[tuple[str, str, float]]
    membership: dict[str, int] = field(default_factory=dict)
    sizes: list[int] = field(default_factory=list)
    modularity: float | None = None
    method: str | None = None
    seed: int | None = None
    stability: dict[str, float] = field(default_factory=dict)

    def id_of(self, node: str | None) -> str | None:
        return f"{self.run}:{self.membership[node]}" if node in self.membership else None


@dataclass(slots=True)
class CoordinationResult:
    run: str
    groups: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    window_s: float | None
    by: str | None

    def group_of(self) -> dict[str, str]:
        return {a: f"{self.run}:{k}" for k, g in enumerate(self.groups) for a in g["accounts"]}


# ---------------------------------------------------------------------------------------------------------
# the run
# ---------------------------------------------------------------------------------------------------------
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
    if summary.status == "done":
        merged = writer.run("load/story_merges", {"run": summary.run_id("cascades")})
        summary.stories_merged = int(merged[0]["merged"]) if merged else 0
        links = pen_name_links(reader.stream("read/journalist_names"))
        writer.write("load/journalist_same_as", [x.as_row() for x in links])
        summary.pen_names = len(links)
    for name in ("admin/prune_derived", "admin/prune_part_of", "admin/prune_rankings"):
        writer.run_in_transactions(name, {"runs": runs})
    return summary


def _timed(summary: RunSummary, name: str, t0: float) -> float:
    now = time.perf_counter()
    summary.stages[name] = round(now - t0, 3)
    return now


def _run(reader: GraphReader, writer: GraphWriter, params: AnalysisParams, summary: RunSummary,
         figures: dict[str, dict[str, Any]], say: Callable[[str], None]) -> None:
    t = time.perf_counter()
    proj = Projection(load_events(reader, params.since, params.until),
                      {r["id"]: r for r in reader.stream("read/projection_accounts")})
    summary.n_events = len(proj.events)
    t = _timed(summary, "projection", t)
    say(f"{len(proj.events):,} sự kiện, {len(proj.accounts):,} tài khoản")

    stories = _cascades(proj, params)
    summary.n_stories = len(stories)
    figures["cascades"].update(nodes=sum(len(s.parents) for s in stories),
                               edges=sum(1 for s in stories for p in s.parents.values() if p is not None))
    t = _timed(summary, "cascades", t)
    say(f"{len(stories):,} câu chuyện")

    influence = _influence(proj, stories, params, run=summary.run_id("influence"))
    figures["influence"].update(nodes=len(influence.ranking), edges=len(influence.amplification))
    t = _timed(summary, "influence", t)

    comm = _communities(influence, params, run=summary.run_id("communities"))
    summary.n_communities = len(comm.sizes)
    summary.modularity = comm.modularity
    figures["communities"].update(nodes=len(comm.membership), edges=len(comm.edges), modularity=comm.modularity)
    t = _timed(summary, "communities", t)

    coord = _coordination(proj, params, run=summary.run_id("coordination"))
    summary.n_groups = len(coord.groups)
    figures["coordination"].update(nodes=sum(g["size"] for g in coord.groups), edges=len(coord.edges))
    t = _timed(summary, "coordination", t)

    _write_communities(writer, comm, proj)
    summary.n_accounts = _write_account_influence(writer, influence, comm, coord)
    summary.n_rankings = _write_rankings(writer, influence, comm, top=params.ranking_top)
    _write_amplifies(writer, influence)
    _write_coordination(writer, coord)
    untimed = _untimed(reader, stories, proj, params)
    figures["cascades"]["untimed_attached"] = len(untimed)
    _write_stories(writer, stories, proj, comm, run=summary.run_id("cascades"), untimed=untimed)
    _timed(summary, "write", t)


# ---------------------------------------------------------------------------------------------------------
# the analyses (pure functions of the projection)
# ---------------------------------------------------------------------------------------------------------
def _cascades(proj: Projection, params: AnalysisParams) -> list[StoryResult]:
    stories = []
    keys = ("id", "account", "created_at", "parent_id", "url", "fingerprint", "kind", "places", "topics")
    period_h = (params.until - params.since).total_seconds() / 3600.0
    for _key, res in analyse_cascades(({k: e.get(k) for k in keys} for e in proj.events),
                                      copy_threshold=params.copy_threshold, events=params.events,
                                      period_hours=period_h):
        parents = res["parents"]
        if len(parents) < params.min_story_size:
            continue
        first = min(parents, key=lambda i: (proj.index[i]["t"] if i in proj.index else float("inf"), i))
        stories.append(StoryResult(
            id=f"story:{first}", first=first, parents=parents, how=res.get("how", {}), origin=res["origin"],
            origin_unobserved=bool(res["origin_probably_unobserved"]), reasons=list(res.get("reasons", [])),
            metrics=res["metrics"], kind=res.get("kind", "story"), event=res.get("event")))
    return stories


def _untimed(reader: GraphReader, stories: list[StoryResult], proj: Projection,
             params: AnalysisParams) -> dict[str, tuple[str, str, str]]:
    """Time-less posts tied by their evidence (an explicit parent, a near-copy) to one of the stories."""
    members = {i: s.id for s in stories for i in s.parents}
    fps = {i: proj.index[i].get("fingerprint") for i in members if i in proj.index}
    rows = list(reader.stream("read/untimed_posts", {"since": params.since.isoformat()}))
    # timed items left out of every story because the item they share or answer has no time (a share of a
    # time-less share): they follow it once it is attached (explicit links only; they were already compared by text)
    rows += [{"id": e["id"], "parent_id": e["parent_id"]} for e in proj.events
             if e["id"] not in members and e.get("parent_id") and e["parent_id"] not in proj.index]
    return attach_untimed(rows, members=members, fingerprints=fps, copy_threshold=params.copy_threshold)


def _ranking(amp, events, parents, followers, *, seed: int, top: int | None = None) -> list[dict[str, Any]]:
    return influence_ranking(
        amp, reach_rows=reach(events, parents=parents, followers=followers),
        engagement_rows=engagement(events), top=top, seed=seed,
    )


def _influence(proj: Projection, stories: list[StoryResult], params: AnalysisParams, *, run: str) -> InfluenceResult:
    owner = proj.owner()
    parents = {i: p for s in stories for i, p in s.parents.items()}
    trees = {s.id: (s.parents, {i: owner[i] for i in s.parents if i in owner}) for s in stories}
    amp = amplification_edges(parents, owner, {e["id"]: e["t"] for e in proj.events})
    totals = overall_amplifiers(trees, followers=proj.followers).get("totals", {}) if trees else {}
    ranking = _ranking(amp, proj.events, parents, proj.followers, seed=params.seed) if amp else []
    scoped = list(_scoped_rankings(proj.events, parents, proj.followers, params.until, seed=params.seed,
                                   top=params.ranking_top))
    return InfluenceResult(run=run, amplification=amp, ranking=ranking, totals=totals, scoped=scoped)


def _communities(influence: InfluenceResult, params: AnalysisParams, *, run: str) -> CommunityResult:
    edges = [(r["source"], r["target"], float(r["count"])) for r in influence.amplification]
    if not edges:
        return CommunityResult(run=run, edges=edges)
    comm = find_communities(edges, method=params.community_method, seed=params.seed,
                            stability_runs=params.stability_runs)
    return CommunityResult(run=run, edges=edges, membership=comm["membership"], sizes=comm["sizes"],
                           modularity=comm["modularity"], method=comm["method"], seed=comm["seed"],
                           stability=comm.get("stability") or {})


def _coordination(proj: Projection, params: AnalysisParams, *, run: str) -> CoordinationResult:
    shares = [
        {"account": e["account"], "created_at": e["created_at"], "url": e.get("url"),
         "fingerprint": e.get("fingerprint"), "id": e["id"]}
        for e in proj.events if not e["account"].startswith(OUTLET_PREFIX) and (e.get("url") or e.get("fingerprint"))
    ]
    if not shares:
        return CoordinationResult(run=run, groups=[], edges=[], window_s=None, by=None)
    coord = coordinated_groups(shares, by="both", min_repetitions=params.coordination_min_repetitions)
    return CoordinationResult(run=run, groups=coord["groups"], edges=coord["edges"], window_s=coord["window_s"],
                              by=coord.get("by"))


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


# ---------------------------------------------------------------------------------------------------------
# the writers, one per result kind
# ---------------------------------------------------------------------------------------------------------
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


def _write_communities(writer: GraphWriter, comm: CommunityResult, proj: Projection) -> None:
    """Community nodes with their description, and every member's IN_COMMUNITY link."""
    if not comm.sizes:
        return
    names = {a: m.get("name") for a, m in proj.accounts.items()}
    attrs = {n: {"kind": "outlet" if n.startswith(OUTLET_PREFIX) else "account",
                 "name": names.get(n) or n.removeprefix(OUTLET_PREFIX)} for n in comm.membership}
    desc = {d["community"]: d for d in describe_communities(comm.membership, comm.edges, node_attrs=attrs, top=5)}
    internal_edges: Counter[int] = Counter()
    for u, v, _w in comm.edges:
        if comm.membership.get(u) == comm.membership.get(v):
            internal_edges[comm.membership[u]] += 1
    rows = []
    for idx, size in enumerate(comm.sizes):
        d = desc.get(idx, {})
        top = sorted((x for kind in ("account", "outlet") for x in d.get("top", {}).get(kind, [])),
                     key=lambda x: -x["score"])[:5]
        top_names = [str(x["name"]) for x in top]
        rows.append({
            "id": f"{comm.run}:{idx}", "run": comm.run, "index": idx, "size": size,
            "modularity": comm.modularity, "method": comm.method, "seed": comm.seed,
            "density": round(internal_edges[idx] / (size * (size - 1)), 6) if size > 1 else 0.0,
            "label": f"Cộng đồng {idx + 1}: quanh " + ", ".join(top_names[:3]) if top_names else None,
            "top_terms": top_names, "top_accounts": [str(x["id"]) for x in top],
            "internal_weight": d.get("internal_weight"), "external_weight": d.get("external_weight"),
        })
    writer.write("load/communities", rows)
    writer.write("load/community_members", [
        {"member_id": n, "outlet_id": _split_owner(n)[1], "community_id": comm.id_of(n), "run": comm.run,
         "stability": comm.stability.get(n)} for n in comm.membership
    ])


def _write_account_influence(writer: GraphWriter, influence: InfluenceResult, comm: CommunityResult,
                             coord: CoordinationResult) -> int:
    """Influence properties on accounts and outlets; returns the number of accounts."""
    group_of = coord.group_of()
    entries = {e["account"]: e for e in _entries(influence.ranking, influence.totals)}
    top_pr = max((r["pagerank"] for r in influence.ranking), default=0.0) or 1.0
    acc_rows, outlet_rows = [], []
    for r in influence.ranking:
        e = entries.get(r["account"])
        total = influence.totals.get(r["account"], {})
        row = {
            "run": influence.run, "pagerank": r["pagerank"], "rank": e["rank"] if e else None,
            "influence": round(r["pagerank"] / top_pr, 6), "bridge": r["bridge"], "kcore": r["core"],
            "reach": int(r.get("unique_resharers", 0)), "engagement": int(r.get("interactions", 0)),
            "amplification": int(total.get("reshares", 0)), "spread": int(total.get("spread", 0)),
            "community_id": comm.id_of(r["account"]), "community_stability": comm.stability.get(r["account"]),
            "coordination_group": group_of.get(r["account"]),
        }
        acc, outlet = _split_owner(r["account"])
        (acc_rows if acc else outlet_rows).append({"id": acc or outlet, **row})
    writer.write("load/account_influence", acc_rows)
    writer.write("load/outlet_influence", outlet_rows)
    return len(acc_rows)


def _write_rankings(writer: GraphWriter, influence: InfluenceResult, comm: CommunityResult, *, top: int) -> int:
    """Ranking nodes: overall, per window, platform and topic, and per community; returns how many."""
    run, totals = influence.run, influence.totals

    def ranking(scope: str, value: str, *, window: str | None = "all", topic: str | None = None,
                platform: str | None = None, community_id: str | None = None,
                rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {"id": f"{run}:{scope}:{value}", "run": run, "scope": scope, "window": window, "topic": topic,
                "platform": platform, "community_id": community_id, "entries": _entries(rows, totals)[:top]}

    rankings = [ranking("all", "all", rows=influence.ranking)]
    for scope, scoped in influence.scoped:
        kind = scope["scope"]
        rankings.append(ranking(kind, scope["window"] if kind == "window" else scope[kind], window=scope["window"],
                                topic=scope.get("topic"), platform=scope.get("platform"), rows=scoped))
    accounts = {e["account"] for e in _entries(influence.ranking, totals)}
    for cid in sorted({c for c in map(comm.id_of, accounts) if c}):
        members = [r for r in influence.ranking if comm.id_of(r["account"]) == cid]
        rankings.append(ranking("community", cid, community_id=cid, rows=members))
    writer.write("load/rankings", rankings, batch_size=20)
    return len(rankings)


def _write_amplifies(writer: GraphWriter, influence: InfluenceResult) -> None:
    """AMPLIFIES between accounts (outlets take no part)."""
    writer.write("load/amplifies", [
        {"source": r["source"], "target": r["target"], "count": r["count"], "first_at": _iso(r["first_at"]),
         "run": influence.run}
        for r in influence.amplification
        if not r["source"].startswith(OUTLET_PREFIX) and not r["target"].startswith(OUTLET_PREFIX)
    ])


def _write_coordination(writer: GraphWriter, coord: CoordinationResult) -> None:
    writer.write("load/coordination_groups", [
        {"id": f"{coord.run}:{k}", "run": coord.run, "size": g["size"], "window_s": coord.window_s,
         "by": coord.by, "n_keys": g.get("n_keys"), "accounts": g["accounts"],
         "edges": [e for e in coord.edges if e["source"] in g["accounts"] and e["target"] in g["accounts"]],
         "evidence": json.dumps(g.get("keys", [])[:50], ensure_ascii=False, default=str)}
        for k, g in enumerate(coord.groups)
    ], batch_size=50)


def _story_row(story: StoryResult, proj: Projection, comm: CommunityResult, *, run: str) -> dict[str, Any]:
    m = story.metrics
    items = [proj.index[i] for i in story.parents if i in proj.index]
    origin = story.origin[0] if story.origin else None
    origin_is_article = bool(origin) and proj.index.get(origin["id"], {}).get("account", "").startswith(OUTLET_PREFIX)
    owners = [e["account"] for e in items]
    share = Counter(c for c in map(comm.id_of, owners) if c)
    sentiment = story_sentiment(items)
    return {
        "id": story.id, "run": run, "title": ((proj.index.get(story.first) or {}).get("text") or "")[:200].strip(),
        "first_seen_at": _iso(m["first_at"]), "last_seen_at": _iso(m["last_at"]),
        "size": m["size"], "depth": m["depth"], "breadth": m["max_breadth"],
        "virality": m["structural_virality"], "items_per_hour": m["items_per_hour"],
        "speed_per_hour": early_speed(e["t"] for e in items),
        "reach": len(set(owners)),
        "time_to_10_s": m["time_to"].get("10"), "time_to_100_s": m["time_to"].get("100"),
        "time_to_1000_s": m["time_to"].get("1000"),
        "origin_post_id": origin["id"] if origin and not origin_is_article else None,
        "origin_article_id": origin["id"] if origin and origin_is_article else None,
        "origin_account": origin["account"] if origin else None,
        "origin_confidence": origin["score"] if origin else None,
        "origin_unobserved": story.origin_unobserved,
        "origin_reasons": [str(x) for x in story.reasons],
        "origin_candidates": json.dumps(story.origin, ensure_ascii=False, default=str),
        "growth": json.dumps(m.get("growth_curve", [])),
        "community_share": json.dumps({k: round(v / len(story.parents), 4) for k, v in share.items()}),
        "negative_share": sentiment.negative_share,
        "sentiment_score": sentiment.score,
        "sentiment": sentiment.label,
        "kind": story.kind,
        "event_places": (story.event or {}).get("places", []),
        "event_topics": (story.event or {}).get("topics", []),
        "event_units": (story.event or {}).get("units"),
    }


def _write_stories(writer: GraphWriter, stories: list[StoryResult], proj: Projection, comm: CommunityResult, *,
                   run: str, untimed: Mapping[str, tuple[str, str, str]] | None = None) -> None:
    """Story nodes with their metrics, origin and sentiment, and every member's PART_OF link (members attached on
    evidence after the cascades — time-less items and what hangs off them — are marked
    ``how = attached_explicit|attached_copy``)."""
    writer.write("load/stories", [_story_row(s, proj, comm, run=run) for s in stories])
    writer.write("load/story_members", [
        {"item_id": i, "story_id": s.id, "run": run, "parent_id": parent, "how": s.how.get(i), "confidence": None}
        for s in stories for i, parent in s.parents.items()
    ] + [
        {"item_id": i, "story_id": sid, "run": run, "parent_id": parent, "how": f"attached_{how}", "confidence": None}
        for i, (sid, parent, how) in (untimed or {}).items()
    ])


def default_window(days: int = 30, *, now: datetime | None = None) -> tuple[datetime, datetime]:
    now = now or datetime.now(LOCAL_TZ)
    return now - timedelta(days=days), now + timedelta(minutes=1)


__all__ = ["AnalysisParams", "RunSummary", "run_analysis", "load_events", "default_window", "early_speed",
           "story_sentiment"]
