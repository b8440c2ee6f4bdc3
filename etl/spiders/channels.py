"""The channel-feed spider: public YouTube-style Atom feeds (``yt:videoId``, ``yt:channelId``,
``media:group/media:description``, ``media:community/media:statistics@views``) → accounts and posts in the
social export schema, loaded like an import. Every feed fetched is kept as evidence."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import scrapy
from lxml import etree
from scrapy.exceptions import CloseSpider
from scrapy.http import Response

from common.errors import EvidenceError
from etl.evidence import EVIDENCE_UNAVAILABLE
from etl.items import SocialItem
from etl.runtime import get_evidence, get_state
from etl.sources import Source

log = logging.getLogger(__name__)

NS = {"a": "http://www.w3.org/2005/Atom", "yt": "http://www.youtube.com/xml/schemas/2015",
      "media": "http://search.yahoo.com/mrss/"}
_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)


def parse_channel_feed(body: bytes, *, outlet: str | None = None, observed_at: str | None = None) -> list[dict]:
    """Export-schema records (one account, one post per video) from a YouTube-style Atom feed."""
    try:
        root = etree.fromstring(body.lstrip(), parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    channel_id = root.findtext("yt:channelId", namespaces=NS)
    entries = root.findall("a:entry", NS)
    if not channel_id and entries:
        channel_id = entries[0].findtext("yt:channelId", namespaces=NS)
    if not channel_id:
        return []
    name = root.findtext("a:author/a:name", namespaces=NS) or root.findtext("a:title", namespaces=NS)
    records: list[dict] = [{"type": "account", "platform": "youtube", "handle": channel_id, "name": name,
                            "kind": "channel", "outlet": outlet, "observed_at": observed_at}]
    for e in entries:
        vid = e.findtext("yt:videoId", namespaces=NS)
        if not vid:
            continue
        link = e.find("a:link[@rel='alternate']", NS)
        stats = e.find("media:group/media:community/media:statistics", NS)
        title = e.findtext("a:title", namespaces=NS) or ""
        desc = e.findtext("media:group/media:description", namespaces=NS) or ""
        views = stats.get("views") if stats is not None else None
        records.append({
            "type": "post", "platform": "youtube", "post_id": vid, "account": channel_id,
            "created_at": e.findtext("a:published", namespaces=NS), "kind": "post",
            "text": (title + "\n" + desc).strip(), "url": link.get("href") if link is not None else None,
            "views": int(views) if views and views.isdigit() else None, "observed_at": observed_at,
        })
    return records


class ChannelSpider(scrapy.Spider):
    name = "channels"

    def __init__(self, sources: list[dict] | None = None, **kw) -> None:
        super().__init__(**kw)
        from etl.sources import Feed

        self.sources = [Source(**{**s, "feeds": tuple(Feed(**f) if isinstance(f, dict) else f for f in s["feeds"])})
                        for s in sources or []]

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.store = get_state(crawler)
        spider.evidence = get_evidence(crawler)
        return spider

    async def start(self):
        for src in self.sources:
            for feed in src.feeds:
                if feed.kind == "channel":
                    yield scrapy.Request(feed.url, callback=self.parse, dont_filter=True,
                                         meta={"source": src.id, "conditional": True,
                                               "handle_httpstatus_list": [304]})

    def parse(self, response: Response):
        if response.status == 304:
            return
        now = datetime.now(UTC).isoformat()
        try:
            cap = self.evidence.store(response.body, url=response.url, status=response.status, captured_at=None)
        except EvidenceError as e:  # nothing fetched from now on could be kept: stop (a later run re-reads it)
            log.error("evidence store unavailable (%s): stopping the crawl", e)
            raise CloseSpider(EVIDENCE_UNAVAILABLE) from e
        src = response.meta.get("source")
        outlet = src if src and src != "tube.vn" else None
        records = parse_channel_feed(response.body, outlet=outlet, observed_at=now)
        if records:
            yield SocialItem(records=records, feed=response.url, captured_at=now, capture=cap.to_dict())
