"""A bare spider that only fetches a list of URLs: the benchmark's baseline against the full pipeline."""

from __future__ import annotations

import scrapy


class FetchOnlySpider(scrapy.Spider):
    name = "fetch"
    custom_settings = {"ITEM_PIPELINES": {}, "DOWNLOADER_MIDDLEWARES": {"etl.middlewares.ProxyMiddleware": 50}}

    def __init__(self, urls: list[str] | None = None, **kw) -> None:
        super().__init__(**kw)
        self.urls = urls or []
        self.fetched = 0

    async def start(self):
        for u in self.urls:
            yield scrapy.Request(u, callback=self.parse, dont_filter=True)

    def parse(self, response):
        self.fetched += 1
        self.crawler.stats.inc_value("lantoa/fetched_bytes", len(response.body))
