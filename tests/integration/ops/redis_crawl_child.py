"""A crawler process for the distributed-crawl test: a scrapy-redis spider whose scheduler queue and
duplicate filter live in a shared Redis, fetching sandbox pages through the project's ProxyMiddleware.

    python redis_crawl_child.py REDIS_URL PROXY OUT.jsonl URLS.json

Every page it fetches is appended to OUT.jsonl; every article page asks for ten other articles again, so
without the shared duplicate filter the processes would fetch pages many times over."""

from __future__ import annotations

import json
import os
import random
import sys

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy_redis.spiders import RedisSpider

REDIS_URL, PROXY, OUT, URLS = sys.argv[1:5]
ALL = json.loads(open(URLS, encoding="utf-8").read())


class DistributedSpider(RedisSpider):
    name = "lantoa-distributed"
    redis_key = "lantoa:seeds"

    def parse(self, response):
        with open(OUT, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"url": response.url, "status": response.status, "pid": os.getpid()}) + "\n")
        rnd = random.Random(response.url)
        targets = ALL if "seed=1" in response.url else rnd.sample(ALL, min(10, len(ALL)))
        for u in targets:
            yield scrapy.Request(u, callback=self.parse)


if __name__ == "__main__":
    process = CrawlerProcess({
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": REDIS_URL,
        "MAX_IDLE_TIME_BEFORE_CLOSE": 6,
        "LANTOA_PROXY": PROXY,
        "DOWNLOADER_MIDDLEWARES": {"etl.middlewares.ProxyMiddleware": 50},
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "CONCURRENT_REQUESTS": 8,
        # an idle engine looks at the shared queue only every 5 s (its heartbeat); against the fast local sandbox
        # one process drained the ~400 pages before the others looked, so the pace keeps the work longer than that
        "DOWNLOAD_DELAY": 0.05,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
    })
    process.crawl(DistributedSpider)
    process.start()
