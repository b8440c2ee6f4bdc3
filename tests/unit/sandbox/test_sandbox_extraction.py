"""The sandbox's awkward pages read as a reader would: the 10 MB page of comment padding, the JavaScript-only page
and the related-link boxes (whose links become ``LINKS_TO`` rows), through the server's App (no sockets)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from etl.extraction.article import extract_article
from etl.items import PageItem
from etl.pipelines import ExtractPipeline, article_rows
from etl.sandbox.server import App, SimClock, World
from etl.sandbox.truth import read_jsonl


@pytest.fixture(scope="module")
def app(tiny_world: Path) -> App:
    w = World(tiny_world)
    return App(w, SimClock(w.world_end, None))


@pytest.fixture(scope="module")
def arts(tiny_world: Path) -> list[dict]:
    return list(read_jsonl(tiny_world / "articles" / "articles.jsonl"))


def _one(arts: list[dict], quirk: str) -> dict:
    found = [a for a in arts if a["quirk"] == quirk]
    assert found, f"the tiny world has no {quirk} page"
    return found[0]


def test_huge_page_stored_as_its_article_only(app: App, arts: list[dict]) -> None:
    a = _one(arts, "huge")
    body = app.handle(a["host"], a["path"]).body
    assert len(body) > 5_000_000
    rec = extract_article(body, a["url"], use_fallback=False)
    assert rec.title == a["title"]
    assert "lorem-ipsum-padding" not in (rec.text or "")
    assert 0 < len(rec.text) < 50_000


def test_javascript_only_page_is_not_an_article(app: App, arts: list[dict]) -> None:
    a = _one(arts, "js_body")
    body = app.handle(a["host"], a["path"]).body
    rec = extract_article(body, a["url"])
    assert not rec.text or "Đang tải" not in rec.text
    assert rec.text is None
    item = PageItem(url=a["url"], final_url=a["url"], status=200, headers={}, body=body,
                    captured_at=datetime.now().isoformat(), detected_at=datetime.now().isoformat())
    from scrapy.exceptions import DropItem

    with pytest.raises(DropItem):  # never stored, so never judged as concerning the province
        ExtractPipeline().process_item(item)


def test_related_links_become_links_to_rows(app: App, arts: list[dict]) -> None:
    hosts = {a["host"] for a in arts}
    checked = 0
    for a in arts:
        if a["quirk"] != "none" or not a.get("links"):
            continue
        body = app.handle(a["host"], a["path"]).body
        item = PageItem(url=a["url"], final_url=a["url"], status=200, headers={}, body=body,
                        captured_at=datetime.now().isoformat(), detected_at=datetime.now().isoformat())
        item = ExtractPipeline().process_item(item)
        rows = article_rows(item, known_outlets=hosts)
        assert {r["target_id"] for r in rows.get("load/links", [])} >= set(a["links"]), a["url"]
        assert "Tin liên quan" not in item.record["text"]
        checked += 1
        if checked >= 20:
            break
    assert checked >= 5
