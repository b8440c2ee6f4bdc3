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
import time

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.spiders import RedisSpider

REDIS_URL, PROXY, OUT, URLS = sys.argv[1:5]
ALL = json.loads(open(URLS, encoding="utf-8").read())


class DistributedSpider(RedisSpider):
    name = "lantoa-distributed"
    redis_key = "lantoa:seeds"

    def spider_idle(self):
        # scrapy-redis counts idle time from the moment its module was imported and only resets it while seeds
        # wait in the start key; a crawler that started early and never popped the single seed closed as "idle"
        # at its first look after seeding, so one process did all the work. Until the test says it has seeded,
        # report ready and keep waiting; after that, idle time counts from the seeding.
        if not self.server.exists("lantoa:seeded"):
            self.server.sadd("lantoa:ready", os.getpid())
            self.spider_idle_start_time = int(time.time())
            raise DontCloseSpider
        super().spider_idle()

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
        "MAX_IDLE_TIME_BEFORE_CLOSE": 15,
        "LANTOA_PROXY": PROXY,
        "DOWNLOADER_MIDDLEWARES": {"etl.middlewares.ProxyMiddleware": 50},
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "CONCURRENT_REQUESTS": 8,
        # an idle engine looks at the shared queue only every 5 s (its heartbeat); against the fast local sandbox
        # one process drained the ~400 pages before the others looked, so the pace keeps the work longer than that
        "DOWNLOAD_DELAY": 0.1,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
    })
    process.crawl(DistributedSpider)
    process.start()
