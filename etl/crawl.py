"""Run a crawl from Python: in this process (the CLI) or in a child process (tests, demo, benchmarks —
Twisted's reactor runs once per process). ``python -m etl.crawl SPEC.json`` is the child's entry point."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from common.errors import ConfigError
from etl.config import EtlSettings, get_etl_settings
from etl.settings import build_settings
from etl.sources import Source, load_sources, sources_from_world


@dataclass
class CrawlSpec:
    """Everything a crawl needs, JSON-serialisable so a child process can receive it."""

    sources_file: str | None = None
    world_dir: str | None = None          # a sandbox world: its outlets.json is the registry
    proxy: str | None = None              # the sandbox server (proxy mode)
    clock_url: str | None = None          # http://HOST/__clock of the sandbox (simulated time)
    schedule: bool = False
    run_seconds: float = 0.0
    until: str | None = None
    revisit_minutes: float | None = None
    jobdir: str | None = None
    graph: bool = True
    spider: str = "news"
    urls: list[str] = field(default_factory=list)   # for the fetch-only spider
    settings: dict = field(default_factory=dict)     # Scrapy setting overrides
    log_level: str = "INFO"
    log_file: str | None = None
    # distributed crawl: processes sharing one scrapy-redis queue and duplicate filter (keys scoped by run_key:
    # a later run may fetch a page again that this one fetched but did not keep); shard i of n polls its sources
    redis_url: str | None = None
    run_key: str = "news"
    shard: int = 0
    shards: int = 1


def distributed_settings(spec: CrawlSpec) -> dict:
    """Scrapy settings that put the scheduler queue and the duplicate filter in Redis (scrapy-redis)."""
    if not spec.redis_url:
        return {}
    if spec.jobdir:
        raise ConfigError("a distributed crawl keeps its queue in Redis: do not give it a JOBDIR")
    if not spec.run_key or any(c in spec.run_key for c in " %{}"):
        raise ConfigError(f"run key {spec.run_key!r}: letters, digits, '-', '_' and ':' only")
    prefix = f"lantoa:crawl:{spec.run_key}"
    return {"SCHEDULER": "scrapy_redis.scheduler.Scheduler", "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "REDIS_URL": spec.redis_url, "SCHEDULER_PERSIST": True,  # one process closing must not flush the others'
            "SCHEDULER_QUEUE_KEY": f"{prefix}:requests", "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter"}


def resolve_sources(spec: CrawlSpec, cfg: EtlSettings) -> list[Source]:
    if spec.world_dir:
        return sources_from_world(Path(spec.world_dir), revisit_minutes=spec.revisit_minutes or 5.0)
    srcs = load_sources(Path(spec.sources_file) if spec.sources_file else cfg.sources_file,
                        default_revisit=cfg.default_revisit_minutes)
    if spec.revisit_minutes:
        from dataclasses import replace

        srcs = [replace(s, revisit_minutes=spec.revisit_minutes) for s in srcs]
    return srcs


def run_crawl(spec: CrawlSpec, cfg: EtlSettings | None = None) -> dict:
    """Run one crawl in this process (blocks until it ends); returns Scrapy's stats."""
    from scrapy.crawler import CrawlerProcess

    cfg = cfg or get_etl_settings()
    if spec.proxy:
        cfg = cfg.model_copy(update={"proxy": spec.proxy})
    sources = resolve_sources(spec, cfg)
    registry = {"load/outlets": [s.outlet_row() for s in sources],
                "load/feeds": [r for s in sources for r in s.feed_rows()]}
    settings = build_settings(
        cfg, jobdir=Path(spec.jobdir) if spec.jobdir else None,
        LANTOA_GRAPH=spec.graph, LANTOA_CLOCK_URL=spec.clock_url, LANTOA_KNOWN_OUTLETS=[s.id for s in sources],
        LANTOA_KNOWN_OUTLET_NAMES=[s.name for s in sources if s.name],
        LANTOA_REGISTRY_ROWS=registry, LOG_LEVEL=spec.log_level, LANTOA_FOLLOWER_THRESHOLD=cfg.follower_threshold,
        **{**distributed_settings(spec), **spec.settings},
    )
    if spec.log_file:
        Path(spec.log_file).parent.mkdir(parents=True, exist_ok=True)
        settings["LOG_FILE"] = spec.log_file
    process = CrawlerProcess(settings)
    src_dicts = [s.to_dict() for s in sources]
    if spec.spider == "fetch":
        from etl.spiders.fetch import FetchOnlySpider

        crawler = process.create_crawler(FetchOnlySpider)
        process.crawl(crawler, urls=spec.urls)
    elif spec.spider == "channels":
        from etl.spiders.channels import ChannelSpider

        crawler = process.create_crawler(ChannelSpider)
        process.crawl(crawler, sources=src_dicts)
    else:
        from etl.spiders.news import NewsSpider

        crawler = process.create_crawler(NewsSpider)
        process.crawl(crawler, sources=src_dicts, schedule=spec.schedule, run_seconds=spec.run_seconds,
                      until=spec.until, shard=spec.shard, shards=spec.shards)
    process.start()
    stats = dict(crawler.stats.get_stats())
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in stats.items()}


def _payload_arg(spec: CrawlSpec, stats_file: Path | None) -> str:
    """The child's argument: the spec as JSON, in a temporary file when it is long (many URLs)."""
    payload = json.dumps({"spec": asdict(spec), "stats_file": str(stats_file) if stats_file else None},
                         ensure_ascii=False)
    if len(payload) < 64_000:
        return payload
    fd, path = tempfile.mkstemp(prefix="lantoa-crawl-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(payload)
    return "@" + path


def run_crawl_subprocess(spec: CrawlSpec, *, env: dict[str, str] | None = None, timeout: float | None = None,
                         stats_file: Path | None = None) -> subprocess.CompletedProcess:
    """Run the crawl in a child Python process; its stats are written to ``stats_file`` when given."""
    return subprocess.run([sys.executable, "-m", "etl.crawl", _payload_arg(spec, stats_file)],
                          env={**os.environ, **(env or {})}, timeout=timeout, capture_output=True, text=True,
                          check=False)


def start_crawl_subprocess(spec: CrawlSpec, *, env: dict[str, str] | None = None,
                           stats_file: Path | None = None) -> subprocess.Popen:
    """Start the crawl in a child process and return at once (fault tests kill it)."""
    return subprocess.Popen([sys.executable, "-m", "etl.crawl", _payload_arg(spec, stats_file)],
                            env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def main(argv: list[str]) -> int:
    arg = argv[0]
    if arg.startswith("@"):
        path = Path(arg[1:])
        arg = path.read_text(encoding="utf-8")
        path.unlink(missing_ok=True)
    payload = json.loads(arg)
    spec = CrawlSpec(**payload["spec"])
    logging.getLogger("neo4j").setLevel(logging.WARNING)
    stats = run_crawl(spec)
    if payload.get("stats_file"):
        Path(payload["stats_file"]).write_text(json.dumps(stats, default=str, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
