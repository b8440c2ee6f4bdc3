"""Per-crawler shared components (state store, evidence store, clock), created once per crawler."""

from __future__ import annotations

from pathlib import Path

from scrapy.crawler import Crawler

from etl.clock import Clock, sandbox_clock
from etl.evidence import EvidenceStore
from etl.state import StateStore, open_state


def get_state(crawler: Crawler) -> StateStore:
    st = getattr(crawler, "_lantoa_state", None)
    if st is None:
        st = open_state(Path(crawler.settings.get("LANTOA_STATE_DIR")))
        crawler._lantoa_state = st  # type: ignore[attr-defined]
    return st


def get_evidence(crawler: Crawler) -> EvidenceStore:
    ev = getattr(crawler, "_lantoa_evidence", None)
    if ev is None:
        ev = EvidenceStore(Path(crawler.settings.get("LANTOA_EVIDENCE_DIR")))
        crawler._lantoa_evidence = ev  # type: ignore[attr-defined]
    return ev


def get_clock(crawler: Crawler) -> Clock:
    clock = getattr(crawler, "_lantoa_clock", None)
    if clock is None:
        url = crawler.settings.get("LANTOA_CLOCK_URL")
        clock = sandbox_clock(url, proxy=crawler.settings.get("LANTOA_PROXY")) if url else Clock()
        crawler._lantoa_clock = clock  # type: ignore[attr-defined]
    return clock
