"""A real Scrapy crawl reaches every sandbox outlet through proxy mode (http_proxy=127.0.0.1:PORT),
obeys robots.txt and drops the redirect loop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from etl.sandbox import generate
from etl.sandbox.server import serve_in_thread
from etl.sandbox.settings import get_sandbox_settings
from etl.sandbox.world import OUTLET_BY_HOST

pytestmark = pytest.mark.integration

SPIDER = '''
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess

OUT = []


class Collect:
    def process_item(self, item):
        OUT.append(dict(item))
        return item


class Home(scrapy.Spider):
    name = "home"
    custom_settings = {"ROBOTSTXT_OBEY": True, "LOG_LEVEL": "ERROR", "REDIRECT_MAX_TIMES": 5, "RETRY_TIMES": 0}

    async def start(self):
        for h in json.loads(sys.argv[1]):
            yield scrapy.Request(f"http://{h}/", callback=self.parse)
        yield scrapy.Request("http://baodatto.vn/tin-noi-bo/", callback=self.parse)
        yield scrapy.Request("http://baodatto.vn/loop-a", callback=self.parse)

    def parse(self, resp):
        yield {"url": resp.url, "status": resp.status, "n": len(resp.css("h3.story__title a"))}


p = CrawlerProcess({"ITEM_PIPELINES": {"__main__.Collect": 1}})
p.crawl(Home)
p.start()
print(json.dumps(OUT))
'''


def test_scrapy_reaches_every_outlet_via_proxy(tmp_path: Path) -> None:
    g = get_sandbox_settings().gazetteer_dir
    if not (g / "phutho_new_units_2025.csv").is_file():
        pytest.fail(f"gazetteer not found at {g} (set LANTOA_GAZETTEER_DIR)", pytrace=False)
    generate(tmp_path / "w", seed=9, size="tiny", gazetteer_dir=g)
    spider = tmp_path / "spider.py"
    spider.write_text(SPIDER, encoding="utf-8")
    with serve_in_thread(tmp_path / "w") as h:
        env = dict(os.environ, http_proxy=h.proxy, HTTP_PROXY=h.proxy, no_proxy="", NO_PROXY="")
        r = subprocess.run([sys.executable, str(spider), json.dumps(sorted(OUTLET_BY_HOST))], env=env,
                           capture_output=True, text=True, timeout=120, check=True)
    items = json.loads(r.stdout.strip().splitlines()[-1])
    urls = {i["url"] for i in items}
    assert urls == {f"http://{host}/" for host in OUTLET_BY_HOST}  # robots-disallowed and loop are dropped
    assert all(i["status"] == 200 and i["n"] > 0 for i in items)
