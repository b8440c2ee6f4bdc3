"""Pages, feeds and routing against the ground truth, through the server's App (no sockets)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from etl.sandbox.pages import to_cp1258, vn_date
from etl.sandbox.server import App, SimClock, World
from etl.sandbox.truth import read_jsonl
from etl.sandbox.world import OUTLET_BY_HOST, TZ


@pytest.fixture(scope="module")
def app(tiny_world: Path) -> App:
    w = World(tiny_world)
    return App(w, SimClock(w.world_end, None))


@pytest.fixture(scope="module")
def arts(tiny_world: Path) -> dict[str, dict]:
    return {a["id"]: a for a in read_jsonl(tiny_world / "articles" / "articles.jsonl")}


def test_vietnamese_date_formats() -> None:
    dt = datetime(2025, 7, 3, 8, 15, tzinfo=TZ)
    assert vn_date(dt, "thu_dmy_hm_gmt") == "Thứ Năm, 03/07/2025 08:15 (GMT+7)"
    assert vn_date(dt, "dmy_dash_hm") == "03/07/2025 - 08:15"
    assert vn_date(dt, "thu_dmy_dash_hm") == "Thứ năm, 03/07/2025 - 08:15"
    assert vn_date(dt, "thu_dmy_comma_gmt") == "Thứ năm, 3/7/2025, 08:15 (GMT+7)"
    assert vn_date(dt, "hm_dmy") == "08:15 03/07/2025"
    assert vn_date(dt, "dmy_hyphen_hm") == "03-07-2025 08:15"
    now = datetime(2025, 7, 3, 16, 20, tzinfo=TZ)
    assert vn_date(dt, "relative", now) == "8 giờ trước"
    assert vn_date(dt, "relative", datetime(2025, 7, 3, 8, 50, tzinfo=TZ)) == "35 phút trước"


def test_cp1258_roundtrip() -> None:
    s = "Người dân xã Thanh Ba bức xúc"
    assert to_cp1258(s).decode("cp1258") != s  # decomposed tones
    import unicodedata

    assert unicodedata.normalize("NFC", to_cp1258(s).decode("cp1258")) == s


def _ld(html: str) -> dict | None:
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', html)
    return json.loads(m.group(1).replace("<\\/", "</")) if m else None


def test_article_pages_agree_with_truth(app: App, arts: dict[str, dict]) -> None:
    checked = 0
    for a in arts.values():
        if a["quirk"] != "none":
            continue
        r = app.handle(a["host"], a["path"])
        assert r.status == 200, a["id"]
        html = r.body.decode("utf-8")
        outlet = OUTLET_BY_HOST[a["host"]]
        assert f'<link rel="canonical" href="{a["url"]}">' in html
        ld = _ld(html)
        if outlet.style["jsonld"]:
            assert ld and ld["@type"] == "NewsArticle" and ld["headline"] == a["title"]
            assert ld["datePublished"] == a["published_at"]
            names = [x["name"] for x in ld.get("author", [])] if isinstance(ld.get("author"), list) else []
            assert names == a["author_names"]
            if a["photographer"]:
                assert a["photographer"] not in names
        else:
            assert ld is None
        if outlet.style["og"]:
            assert '<meta property="og:title" content="' in html
            assert f'<meta property="article:published_time" content="{a["published_at"]}">' in html
        if a["source_tag"]:
            assert f"<strong>{a['source_tag']}</strong>" in html
        for p in a["paragraphs"][:2]:
            assert p.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")[:40] in html.replace("&#x27;", "'")
        if a["photographer"]:
            assert f"Ảnh: {a['photographer']}" in html
        checked += 1
    assert checked > 300


def test_quirk_pages(app: App, arts: dict[str, dict]) -> None:
    by_quirk = {}
    for a in arts.values():
        by_quirk.setdefault(a["quirk"], a)
    a = by_quirk["missing_date"]
    html = app.handle(a["host"], a["path"]).body.decode()
    assert a["published_at"] not in html and "datePublished" not in html and '<span class="date">' not in html
    a = by_quirk["utf8_declared_cp1258"]
    r = app.handle(a["host"], a["path"])
    assert "windows-1258" in r.ctype and b'charset="windows-1258"' in r.body and a["title"] in r.body.decode("utf-8")
    a = by_quirk["cp1258_declared_utf8"]
    r = app.handle(a["host"], a["path"])
    assert "utf-8" in r.ctype
    with pytest.raises(UnicodeDecodeError):
        r.body.decode("utf-8")
    a = by_quirk["truncated"]
    body = app.handle(a["host"], a["path"]).body.decode()
    assert not body.rstrip().endswith("</html>") and a["title"] in body
    a = by_quirk["js_body"]
    body = app.handle(a["host"], a["path"]).body.decode()
    assert a["paragraphs"][0][:30] not in body and "atob(" in body
    a = by_quirk["gone_404"]
    assert app.handle(a["host"], a["path"]).status == 404
    a = by_quirk["error_500"]
    assert app.handle(a["host"], a["path"]).status == 500
    a = by_quirk["flaky_500"]
    assert [app.handle(a["host"], a["path"]).status for _ in range(2)] == [503, 200]
    a = by_quirk["huge"]
    assert len(app.handle(a["host"], a["path"]).body) > 10_000_000
    a = by_quirk["redirect_chain"]
    num = 100000 + int(a["id"].split("-")[1])
    r1 = app.handle(a["host"], f"/r/{num}")
    assert r1.status == 301
    r2 = app.handle(a["host"], r1.headers["Location"].split(a["host"], 1)[1])
    assert r2.status == 302 and r2.headers["Location"] == a["url"]


def test_feeds_list_only_published_articles(tiny_world: Path, arts: dict[str, dict]) -> None:
    w = World(tiny_world)
    mid = (w.world_start + w.world_end) / 2
    app = App(w, SimClock(mid, None))
    host = "baodatto.vn"
    rss = ET.fromstring(app.handle(host, "/rss/home.rss").body)
    links = [i.findtext("link") for i in rss.iter("item")]
    assert links
    by_url = {a["url"]: a for a in arts.values()}
    for link in links:
        a = by_url.get(link.split("?")[0])
        if a is None:  # redirect-chain short link
            assert "/r/" in link
            continue
        assert datetime.fromisoformat(a["published_at"]).timestamp() <= mid
    later = [a for a in arts.values() if a["host"] == host and datetime.fromisoformat(a["published_at"]).timestamp() > mid]
    assert later and app.handle(host, later[0]["path"]).status == 404
    news = ET.fromstring(app.handle(host, "/sitemap-news.xml").body)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    assert news.findall("s:url/n:news/n:publication_date", ns)
    idx = ET.fromstring(app.handle(host, "/sitemap.xml").body)
    days = [e.text for e in idx.findall("s:sitemap/s:loc", ns)]
    assert days
    total = 0
    for d in days:
        sm = ET.fromstring(app.handle(host, d.split(host, 1)[1]).body)
        total += len(sm.findall("s:url", ns))
    assert total == sum(1 for a in arts.values() if a["host"] == host
                        and datetime.fromisoformat(a["published_at"]).timestamp() <= mid)


def test_section_pagination_reaches_every_article(app: App, arts: dict[str, dict]) -> None:
    host = "dantrimoi.com.vn"
    outlet = OUTLET_BY_HOST[host]
    seen = set()
    for slug, _ in outlet.sections:
        url: str | None = f"http://{host}{outlet.section_path(slug)}"
        pages_seen = 0
        while url:
            path = url.split(host, 1)[1]
            body = app.handle(host, path).body.decode()
            seen.update(re.findall(r'<h3 class="story__title"><a href="([^"?]+)', body))
            m = re.search(r'<a rel="next" class="next" href="([^"]+)"', body)
            url = m.group(1).replace("&amp;", "&") if m else None
            pages_seen += 1
            assert pages_seen < 50
    mine = {a["url"] for a in arts.values() if a["host"] == host and a["quirk"] != "redirect_chain"}
    assert mine <= seen


def test_robots_and_routing(app: App) -> None:
    r = app.handle("baodatto.vn", "/robots.txt")
    assert b"Disallow: /tin-noi-bo/" in r.body and b"Sitemap:" in r.body
    assert app.handle("unknown.example", "/").status == 404
    assert app.handle("baodatto.vn", "/loop-a").headers["Location"].endswith("/loop-b")
    clock = json.loads(app.handle("127.0.0.1", "/__clock").body)
    assert clock["world_end"] == clock["now"]


def test_channel_feed(app: App, tiny_world: Path) -> None:
    vids = read_jsonl(tiny_world / "channels" / "videos.jsonl")
    cid = vids[0]["channel_id"]
    r = app.handle("tube.vn", f"/feeds/videos.xml?channel_id={cid}")
    assert r.status == 200
    feed = ET.fromstring(r.body)
    ns = {"a": "http://www.w3.org/2005/Atom", "yt": "http://www.youtube.com/xml/schemas/2015",
          "media": "http://search.yahoo.com/mrss/"}
    entries = feed.findall("a:entry", ns)
    assert 0 < len(entries) <= 15
    ids = {v["video_id"] for v in vids}
    for e in entries:
        assert e.findtext("yt:videoId", namespaces=ns) in ids
        assert e.find("media:group/media:community/media:statistics", ns).get("views").isdigit()
