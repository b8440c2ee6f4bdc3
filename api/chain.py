"""The chain of stages on a sandbox world, composed once: the demo (``api/demo.py``) and the chain scorecard
(``lantoa evaluate world``, ``api/scorecard.py``) both call these functions, so what the scorecard judges is
exactly what the demo shows.

Each stage takes the driver (or, for the crawl, the environment of the child process) explicitly and returns
the stage's own result object; printing is the caller's business.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import neo4j

from common.errors import LantoaError


class CrawlFailed(LantoaError):
    """The crawl child process exited with an error."""


def world_manifest(world: Path) -> dict:
    return json.loads((Path(world) / "manifest.json").read_text(encoding="utf-8"))


def world_window(world: Path) -> tuple[datetime, datetime]:
    """(start, end) of the world's simulated timeline."""
    m = world_manifest(world)
    return datetime.fromisoformat(m["start"]), datetime.fromisoformat(m["end"])


def crawl_world(world: Path, *, workdir: Path, env: dict[str, str] | None = None, timeout: float = 3600,
                log_level: str = "WARNING") -> dict:
    """Serve the world on 127.0.0.1 (its clock standing at the world's end) and crawl every outlet into the graph
    with the project's crawler, in a child process; returns Scrapy's stats. ``workdir`` holds the crawl's job
    directory, log and stats; ``env`` is added to the child's environment (which Neo4j, which state dirs)."""
    from etl.crawl import CrawlSpec, run_crawl_subprocess
    from etl.sandbox.server import serve_in_thread

    workdir.mkdir(parents=True, exist_ok=True)
    handle = serve_in_thread(world, port=0, speed=None, start=world_manifest(world).get("end"))
    stats_file = workdir / "crawl-stats.json"
    try:
        spec = CrawlSpec(world_dir=str(world), proxy=handle.proxy, clock_url=handle.url_for("127.0.0.1", "/__clock"),
                         jobdir=str(workdir / "crawl-job"), log_level=log_level, log_file=str(workdir / "crawl.log"))
        proc = run_crawl_subprocess(spec, env=env, stats_file=stats_file, timeout=timeout)
    finally:
        handle.stop()
    if proc.returncode != 0:
        raise CrawlFailed(f"the crawl failed ({proc.returncode}): {proc.stdout[-1500:]}{proc.stderr[-1500:]}")
    return json.loads(stats_file.read_text()) if stats_file.exists() and stats_file.stat().st_size else {}


def import_world_social(driver: neo4j.Driver, world: Path):
    """Import the world's social-media export (``social/export.jsonl``); returns the importer's report."""
    from etl.social_import import import_social
    from graph.repository import GraphWriter

    writer = GraphWriter(driver, batch_size=2000)
    return import_social(Path(world) / "social" / "export.jsonl", lambda stmt, rows: writer.write(stmt, rows))


def annotate(driver: neo4j.Driver, *, batch: int = 300):
    """The NLP stage over everything not yet annotated; returns its result."""
    from etl.nlp_stage import run_nlp_stage

    return run_nlp_stage(driver, batch=batch)


def analyse(driver: neo4j.Driver, world: Path, *, seed: int = 1):
    """One analysis batch over the world's whole timeline (a day of margin each side); returns its summary."""
    from graph.analysis_run import AnalysisParams, run_analysis

    start, end = world_window(world)
    return run_analysis(driver, AnalysisParams(since=start - timedelta(days=1), until=end + timedelta(days=1),
                                               seed=seed))


def warn(driver: neo4j.Driver, world: Path, *, now: datetime | None = None):
    """The early-warning pass as the hourly job runs it, at ``now`` (default: the world's end)."""
    from casework.schedule import warning_pass

    return warning_pass(driver, now=now or world_window(world)[1])


__all__ = ["CrawlFailed", "analyse", "annotate", "crawl_world", "import_world_social", "warn", "world_manifest",
           "world_window"]
