"""The chain scorecard (``lantoa evaluate world``): every stage on a sandbox world, into a database of its own,
then the graph scored against the world's truth (measures: ``etl/sandbox/scorecard.py``).

The stages are the demo's own (``api/chain.py``): serve the world on 127.0.0.1 and crawl it with the project's
crawler, import its social export, the NLP stage, one analysis batch, and the early-warning pass. The warning
pass runs as the hourly job would — at every simulated hour of the world (``warning_every``) and once at its end
(as the demo does) — so an alert's first-raised time can be compared with the crisis peak. (Every pass sees the
stories of the one analysis batch over the whole world; mentions are cut at the pass's time.)

The database is a dedicated local Neo4j (its own home under ``var/scorecard/neo4j`` and free ports), emptied
first; or, when ``NEO4J_URI`` is set, that server — which is WIPED first, so it must be agreed to explicitly.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import neo4j

from api import chain
from common.errors import ConfigError

Say = Callable[[str], None]


@dataclass
class EvaluateOptions:
    neo4j_home: Path | None = None          # default: <data_dir>/scorecard/neo4j
    keep_db: bool = False                   # leave the dedicated server running (and its graph) afterwards
    wipe_external: bool = False             # agree that the server named by NEO4J_URI is wiped first
    warning_every: timedelta | None = timedelta(hours=1)   # None: one pass at the world's end only
    workdir: Path | None = None             # crawl job, log, state, evidence (default: a temporary directory)
    reuse_loaded: bool = False              # with a kept dedicated server that holds this world already loaded and
                                            # annotated: only delete what was derived and rerun analysis and warning


@dataclass
class EvaluateResult:
    world: str
    manifest: dict[str, Any]
    database: str
    seconds: dict[str, float] = field(default_factory=dict)
    stages: dict[str, Any] = field(default_factory=dict)
    scores: dict[str, Any] = field(default_factory=dict)
    thresholds: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"world": self.world, "seed": self.manifest.get("seed"), "size": self.manifest.get("size"),
                "generator_version": self.manifest.get("generator_version"), "database": self.database,
                "seconds": self.seconds, "stages": self.stages, "scores": self.scores, "thresholds": self.thresholds}


def dedicated_server(home: Path):
    """The scorecard's own local Neo4j at ``home`` (started; ports free, or those of a server kept running
    there by ``--keep-db``)."""
    from graph.server_manager import LocalNeo4j, free_port
    from graph.settings import LocalServerSettings

    ports_file = home / "scorecard-ports.json"

    def settings(bolt: int, http: int) -> LocalServerSettings:
        return LocalServerSettings(home=home, bolt_port=bolt, http_port=http, heap="1g", pagecache="512m",
                                   tx_memory_max="1g")

    if ports_file.is_file():
        ports = json.loads(ports_file.read_text(encoding="utf-8"))
        kept = LocalNeo4j(settings(ports["bolt"], ports["http"]))
        if kept.status().running:
            return kept
    home.mkdir(parents=True, exist_ok=True)
    server = LocalNeo4j(settings(free_port(), free_port()))
    server.start()
    ports_file.write_text(json.dumps({"bolt": server.s.bolt_port, "http": server.s.http_port}), encoding="utf-8")
    return server


def read_snapshot(driver: neo4j.Driver):
    """The graph's side of the scorecard, through the named ``read/scorecard_*`` statements."""
    from etl.sandbox.scorecard import GraphSnapshot
    from graph.repository import GraphReader

    reader = GraphReader(driver)

    def rows(name: str) -> list[dict[str, Any]]:
        return list(reader.stream(f"read/scorecard_{name}"))

    return GraphSnapshot(items=rows("items"), stories=rows("stories"), alerts=rows("alerts"),
                         articles=rows("articles"), posts=rows("posts"), mentions=rows("mentions"),
                         communities=rows("communities"), coordination=rows("coordination"))


def warning_times(start: datetime, end: datetime, every: timedelta | None) -> list[datetime]:
    """The times of the warning passes: every ``every`` after ``start`` up to ``end``, and ``end`` itself.

    >>> from datetime import timezone
    >>> t = datetime(2025, 7, 1, tzinfo=timezone.utc)
    >>> [x.hour for x in warning_times(t, t + timedelta(hours=3), timedelta(hours=1))]
    [1, 2, 3]
    >>> len(warning_times(t, t + timedelta(hours=3), None))
    1
    """
    out = []
    if every:
        t = start + every
        while t < end:
            out.append(t)
            t += every
    return [*out, end]


def load_world(driver: neo4j.Driver, world: Path, *, workdir: Path, env: dict[str, str],
               stage: Callable[[str, str, Callable[[], Any]], Any], result: EvaluateResult) -> None:
    """The loading stages: crawl the served world, import its social export, annotate (NLP)."""
    stats = stage("crawl", "Thu thập báo chí (Scrapy qua 127.0.0.1)",
                  lambda: chain.crawl_world(world, workdir=workdir / "crawl", env=env))
    result.stages["crawl"] = {"pages": stats.get("downloader/response_count"),
                              "articles": stats.get("item_scraped_count"),
                              "dropped": stats.get("item_dropped_count", 0)}
    rep = stage("import", "Nhập dữ liệu mạng xã hội", lambda: chain.import_world_social(driver, world))
    result.stages["import"] = {"accounts": rep.accounts, "posts": rep.posts, "reactions": rep.reactions,
                               "errors": rep.errors}
    nlp = stage("nlp", "Xử lý ngôn ngữ", lambda: chain.annotate(driver))
    result.stages["nlp"] = {"version": nlp.version, "articles": nlp.articles, "posts": nlp.posts,
                            "errors": nlp.errors}


def evaluate_world(world: Path, options: EvaluateOptions | None = None, *, say: Say | None = None) -> EvaluateResult:
    """Run every stage on ``world`` into a database of its own and score the graph against the world's truth."""
    from etl.sandbox.scorecard import load_truth, score, thresholds
    from graph.admin import wipe
    from graph.driver import open_driver
    from graph.repository import GraphWriter, apply_schema
    from graph.settings import get_neo4j_settings, get_path_settings

    opt = options or EvaluateOptions()
    say = say or (lambda msg: None)
    world = Path(world)
    truth = load_truth(world)  # fails early on a world without complete truth
    manifest = chain.world_manifest(world)
    settings = get_neo4j_settings()
    server = None
    t_all = time.perf_counter()
    seconds: dict[str, float] = {}
    if settings.external:
        if not opt.wipe_external:
            raise ConfigError(f"NEO4J_URI names {settings.uri}: the scorecard WIPES the database it uses; pass "
                              "--wipe-external to agree, or unset NEO4J_URI to use a dedicated local server")
        driver = open_driver()
        env = {"NEO4J_URI": settings.uri or "", "NEO4J_USER": settings.user, "NEO4J_PASSWORD": settings.password or "",
               "NEO4J_DATABASE": settings.database}
        where = f"{settings.uri} (ngoài, đã xoá sạch trước khi chạy)"
    else:
        home = opt.neo4j_home or get_path_settings().data_dir / "scorecard" / "neo4j"
        t = time.perf_counter()
        say(f"Khởi động Neo4j riêng tại {home}")
        server = dedicated_server(home)
        seconds["neo4j_start"] = round(time.perf_counter() - t, 1)
        pw = server.s.password_file.read_text(encoding="utf-8").strip()
        driver = neo4j.GraphDatabase.driver(server.s.bolt_uri, auth=("neo4j", pw))
        env = {"NEO4J_URI": server.s.bolt_uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": pw, "NEO4J_DATABASE": "neo4j"}
        where = f"{server.s.bolt_uri} (riêng, {home})"
    tmp = None
    if opt.workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="lantoa-scorecard-")
        workdir = Path(tmp.name)
    else:
        workdir = opt.workdir
        workdir.mkdir(parents=True, exist_ok=True)
    env.update({"LANTOA_ETL_STATE_DIR": str(workdir / "state"), "LANTOA_ETL_EVIDENCE_DIR": str(workdir / "evidence"),
                "LANTOA_ETL_SPOOL_DIR": str(workdir / "spool")})
    result = EvaluateResult(world=str(world), manifest=manifest, database=where)
    marker = server.home / "loaded-world.json" if server is not None else None
    loaded = {"world": str(world.resolve()), "manifest": manifest}
    reuse = bool(opt.reuse_loaded and marker is not None and marker.exists()
                 and json.loads(marker.read_text(encoding="utf-8")) == loaded)
    try:
        apply_schema(driver)
        if marker is not None:
            marker.unlink(missing_ok=True)  # restored below once the world is loaded again

        def stage(name: str, label: str, fn: Callable[[], Any]) -> Any:
            say(label)
            t0 = time.perf_counter()
            out = fn()
            seconds[name] = round(time.perf_counter() - t0, 1)
            return out

        if reuse:
            stage("wipe_derived", "Dùng lại thế giới đã nạp: xoá kết quả phân tích cũ",
                  lambda: GraphWriter(driver).run_in_transactions("admin/wipe_derived"))
            result.stages["reused"] = True
        else:
            wipe(driver)
            load_world(driver, world, workdir=workdir, env=env, stage=stage, result=result)
        if marker is not None:
            marker.write_text(json.dumps(loaded, ensure_ascii=False), encoding="utf-8")
        run = stage("analysis", "Phân tích đồ thị", lambda: chain.analyse(driver, world))
        result.stages["analysis"] = {"events": run.n_events, "stories": run.n_stories,
                                     "communities": run.n_communities, "groups": run.n_groups}
        start, end = chain.world_window(world)
        times = warning_times(start, end, opt.warning_every)

        def warn_all() -> Any:
            last = None
            for now in times:
                last = chain.warn(driver, world, now=now)
            return last

        out = stage("warning", f"Cảnh báo sớm ({len(times)} lượt, như tác vụ hằng giờ)", warn_all)
        result.stages["warning"] = {"passes": len(times), "level_at_end": out.level,
                                    "recommendations_at_end": out.recommendations}
        snap = stage("read", "Đọc đồ thị để chấm điểm", lambda: read_snapshot(driver))
        result.scores = score(truth, snap)
        result.thresholds = thresholds(result.scores)
    finally:
        driver.close()
        if server is not None and not opt.keep_db:
            server.stop()
        if tmp is not None:
            tmp.cleanup()
    seconds["total"] = round(time.perf_counter() - t_all, 1)
    result.seconds = seconds
    return result


__all__ = ["EvaluateOptions", "EvaluateResult", "dedicated_server", "evaluate_world", "read_snapshot",
           "warning_times"]
