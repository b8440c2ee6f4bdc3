"""What flows through the pipelines: one fetched page, enriched stage by stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PageItem:
    """A fetched article page. The spider fills the capture fields; each pipeline adds one thing."""

    url: str                      # as requested (may carry tracking parameters)
    final_url: str                # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    captured_at: str              # wall-clock ISO time of the capture
    detected_at: str              # the crawl clock (simulated against the sandbox) when it was fetched
    source: str | None = None     # source (outlet) id
    feed: str | None = None       # the feed that listed it
    content_type: str | None = None
    # added by pipelines
    capture: dict[str, Any] | None = None
    record: dict[str, Any] | None = None
    relevance: dict[str, Any] | None = None
    copies: list[tuple[str, str, float]] = field(default_factory=list)
    fingerprint: str | None = None  # nlp.fingerprint of title, lead and body (NearDuplicatePipeline)

    def __repr__(self) -> str:  # Scrapy logs dropped items: keep the log readable
        return f"<PageItem {self.final_url} {self.status} {len(self.body)} bytes>"


@dataclass
class SocialItem:
    """Export-schema records (docs/social-export-schema.md) produced by the channel-feed spider."""

    records: list[dict[str, Any]]
    feed: str
    captured_at: str
    capture: dict[str, Any] | None = None

    def __repr__(self) -> str:
        return f"<SocialItem {self.feed} {len(self.records)} records>"
