"""Scrapy settings for the Lan Tỏa crawler (the Scrapy project's ``settings`` module).

Values that depend on the deployment come from :class:`etl.config.EtlSettings` through
:func:`build_settings`; this module holds the fixed ones."""

from __future__ import annotations

from pathlib import Path

from etl.config import EtlSettings, get_etl_settings

BOT_NAME = "lantoa"
SPIDER_MODULES = ["etl.spiders"]
NEWSPIDER_MODULE = "etl.spiders"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
DOWNLOADER_MIDDLEWARES = {
    "etl.middlewares.ProxyMiddleware": 50,
    "etl.middlewares.SeenUrlMiddleware": 60,
    "etl.middlewares.ConditionalGetMiddleware": 560,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "etl.middlewares.BackoffRetryMiddleware": 550,
}
SPIDER_MIDDLEWARES: dict[str, int] = {}
ITEM_PIPELINES = {
    "etl.pipelines.EvidencePipeline": 100,
    "etl.pipelines.ExtractPipeline": 200,
    "etl.pipelines.DedupePipeline": 300,
    "etl.pipelines.RelevancePipeline": 400,
    "etl.pipelines.NearDuplicatePipeline": 500,
    "etl.pipelines.GraphPipeline": 900,
}
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
HTTPERROR_ALLOW_ALL = False
DEPTH_PRIORITY = 0
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
# run-scoped (see etl/dupefilter.py); a distributed crawl sets scrapy_redis.dupefilter.RFPDupeFilter instead
DUPEFILTER_CLASS = "etl.dupefilter.RunDupeFilter"


def build_settings(cfg: EtlSettings | None = None, *, jobdir: Path | None = None, **overrides) -> dict:
    """The full settings dict for a crawl (fixed values above + deployment values + overrides)."""
    cfg = cfg or get_etl_settings()
    s = {k: v for k, v in globals().items() if k.isupper()}
    s.update({
        "USER_AGENT": cfg.user_agent,
        "ROBOTSTXT_OBEY": cfg.obey_robots,
        "CONCURRENT_REQUESTS": cfg.concurrent_requests,
        "CONCURRENT_REQUESTS_PER_DOMAIN": cfg.concurrent_per_host,
        "DOWNLOAD_DELAY": cfg.download_delay_s,
        "AUTOTHROTTLE_ENABLED": cfg.autothrottle,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": cfg.autothrottle_target_concurrency,
        "AUTOTHROTTLE_START_DELAY": max(cfg.download_delay_s, 0.05),
        "AUTOTHROTTLE_MAX_DELAY": 10.0,
        "DOWNLOAD_TIMEOUT": cfg.download_timeout_s,
        "DOWNLOAD_MAXSIZE": cfg.max_page_bytes,
        "DOWNLOAD_WARNSIZE": cfg.warn_page_bytes,
        "RETRY_TIMES": cfg.retry_times,
        "LANTOA_RETRY_BACKOFF": cfg.retry_backoff_s,
        "REDIRECT_MAX_TIMES": cfg.redirect_max,
        "LANTOA_PROXY": cfg.proxy,
        "LANTOA_STATE_DIR": str(cfg.state_path),
        "LANTOA_EVIDENCE_DIR": str(cfg.evidence_path),
        "LANTOA_SPOOL_DIR": str(cfg.spool_path),
        "LANTOA_WRITE_BATCH": cfg.write_batch_size,
        "LANTOA_FLUSH_INTERVAL": cfg.flush_interval_s,
        "LANTOA_STORE_IRRELEVANT": cfg.store_irrelevant,
        "LANTOA_RELEVANCE_THRESHOLD": cfg.relevance_threshold,
        "LANTOA_NEAR_DUP_THRESHOLD": cfg.near_duplicate_threshold,
        "LANTOA_SECTION_MAX_PAGES": cfg.section_max_pages,
        "LANTOA_GRAPH": True,
    })
    if jobdir:
        s["JOBDIR"] = str(jobdir)
    s.update(overrides)
    return s
