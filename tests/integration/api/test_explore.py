"""The investigator's map (issue 17) against the real server and Neo4j: every control re-queries the graph,
masking and audit of exports, the path finder with evidence, aggregation of large graphs, and the page in real
Chromium (screenshots in var/test-artefacts/explore). Crawled <script>/<img onerror> names must stay inert."""

from __future__ import annotations

import csv
import io
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import chromium  # noqa: E402
from graph_seed import PASSWORD, XSS_NAME  # noqa: E402

pytestmark = pytest.mark.integration

SHOTS = Path(__file__).resolve().parents[3] / "var" / "test-artefacts" / "explore"
FORMULA = '=HYPERLINK("http://evil.example","bấm")'


@pytest.fixture(scope="module")
def api(live_api, neo4j_driver, neo4j_connection):
    """The live API plus one official account whose name is a spreadsheet formula, amplifying user0."""
    from graph.repository import GraphWriter

    w = GraphWriter(neo4j_driver, database=neo4j_connection[2])
    w.write("load/accounts", [{"id": "facebook:formula", "platform": "facebook", "handle": "formula", "name": FORMULA,
                               "followers": 10, "kind": "official", "verified": False, "observed_at": "2026-01-01T00:00:00+00:00",
                               "in_scope": True, "outlet": None}])
    w.write("load/account_influence", [{"id": "facebook:formula", "run": "b-test:influence", "pagerank": 0.001,
                                        "rank": 99, "influence": 0.0, "bridge": 0.0, "kcore": 1, "reach": 1,
                                        "engagement": 0, "amplification": 0, "spread": 0,
                                        "community_id": live_api.seeded.community_ids[0], "community_stability": 0.9,
                                        "coordination_group": None}])
    w.write("load/amplifies", [{"source": "facebook:formula", "target": live_api.seeded.account_ids[0], "count": 2,
                                "first_at": "2026-01-01T00:00:00+00:00", "run": "b-test:influence"}])
    return live_api


def _q(driver, db, cypher, **params):
    with driver.session(database=db) as s:
        return [r.data() for r in s.run(cypher, params)]


def _data(c, **params):
    r = c.get("/maps/explore/data", params=params)
    assert r.status_code == 200, r.text
    return r.json()


# HTTP ---------------------------------------------------------------------------------------------
def test_filters_requery_the_graph(api, neo4j_driver, neo4j_connection):
    db = neo4j_connection[2]
    with api.client("investigator") as c:
        full = _data(c)
        assert full["mode"] == "accounts" and len(full["nodes"]) == full["total"] == 61
        assert not any("b-test:communities" in (i["label"] or "") for i in full["legend"])
        assert any(i["label"].startswith("Nhóm 0 <i>chia sẻ</i>") for i in full["legend"])
        tiktok = _data(c, platform="tiktok")
        assert 0 < len(tiktok["nodes"]) < 61 and {n["platform"] for n in tiktok["nodes"]} == {"tiktok"}
        comm = api.seeded.community_ids[1]
        one = _data(c, community_id=comm)
        assert one["nodes"] and {n["community"] for n in one["nodes"]} == {comm}
        sid = api.seeded.story_ids[1]
        in_story = {r["id"] for r in _q(neo4j_driver, db, "MATCH (a:Account)-[:POSTED]->(:Post)-[:PART_OF]->"
                                        "(:Story {id: $s}) RETURN DISTINCT a.id AS id", s=sid)}
        assert {n["id"] for n in _data(c, story_id=sid)["nodes"]} == in_story and 0 < len(in_story) < 61
        strong = _data(c, min_pagerank=0.02)
        assert strong["nodes"] and all(n["pagerank"] >= 0.02 for n in strong["nodes"]) and len(strong["nodes"]) < 61
        recent = _data(c, window_hours=2)
        assert 0 < len(recent["nodes"]) < 61
        assert len(_data(c, limit=5)["nodes"]) == 5
        place = _data(c, place_id=api.seeded.place_id)
        assert len(place["nodes"]) == 60  # every seeded post mentions Việt Trì; the formula account posts nothing


def test_large_graph_aggregates_by_community_with_drill_down(api):
    with api.client("investigator") as c:
        agg = _data(c, aggregate_above=10)
        assert agg["mode"] == "communities" and len(agg["nodes"]) == 3
        assert sum(n["accounts"] for n in agg["nodes"]) == 61
        assert all("b-test" not in n["label"] for n in agg["nodes"]) and agg["edges"]
        drill = _data(c, aggregate_above=10, community_id=agg["nodes"][0]["id"])
        assert drill["mode"] == "accounts" and len(drill["nodes"]) == agg["nodes"][0]["accounts"]


def test_masking_for_analyst(api):
    with api.client("analyst") as c:
        nodes = _data(c)["nodes"]
        person = [n for n in nodes if n["masked"]]
        assert person and all(n["id"].startswith("an-danh:") for n in person)
        text = str(nodes)
        assert XSS_NAME not in text and "user10" not in text and "Tài khoản 10" not in text
        assert not c.get("/maps/explore/search", params={"q": "Tài khoản 10"}).json()["items"]
        # expanding a pseudonymised node works without revealing it
        r = c.get("/maps/explore/neighbourhood", params={"id": person[0]["id"]})
        assert r.status_code == 200 and "user" not in str([n["id"] for n in r.json()["nodes"] if n["masked"]])
        z = zipfile.ZipFile(io.BytesIO(c.get("/maps/explore/export", params={"format": "csv"}).content))
        rows = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode("utf-8-sig"))))
        assert len(rows) == 61 and "Tài khoản 10" not in str(rows) and XSS_NAME not in str(rows)
    with api.client("press_officer") as c:
        assert c.get("/maps/explore/data").status_code == 403
        assert c.get("/maps/explore/export").status_code == 403


def test_exports_escaped_and_audited(api, neo4j_driver, neo4j_connection):
    db = neo4j_connection[2]
    before = _q(neo4j_driver, db, "MATCH (e:AuditEvent {action: 'map.export'}) RETURN count(e) AS n")[0]["n"]
    with api.client("investigator") as c:
        r = c.get("/maps/explore/export", params={"format": "csv", "platform": "facebook"})
        assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
        z = zipfile.ZipFile(io.BytesIO(r.content))
        nodes = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode("utf-8-sig"))))
        edges = list(csv.DictReader(io.StringIO(z.read("edges.csv").decode("utf-8-sig"))))
        assert {n["platform"] for n in nodes} == {"facebook"} and edges
        by_id = {n["id"]: n for n in nodes}
        assert by_id["facebook:formula"]["label"] == "'" + FORMULA
        assert by_id[api.seeded.xss_account]["label"] == XSS_NAME
        gexf = c.get("/maps/explore/export", params={"format": "gexf"})
        assert gexf.status_code == 200 and "<img" not in gexf.text
        root = ET.fromstring(gexf.content)
        labels = {n.get("id"): n.get("label") for n in root.iter("{http://gexf.net/1.3}node")}
        assert labels[api.seeded.xss_account] == XSS_NAME and len(labels) == 61
        gml = c.get("/maps/explore/export", params={"format": "graphml"})
        assert gml.status_code == 200 and "<img" not in gml.text
        groot = ET.fromstring(gml.content)
        assert len(list(groot.iter("{http://graphml.graphdrawing.org/xmlns}edge"))) == \
            len(list(root.iter("{http://gexf.net/1.3}edge"))) > 0
    events = _q(neo4j_driver, db, "MATCH (e:AuditEvent {action: 'map.export'}) RETURN e.actor AS actor, "
                "e.detail AS detail ORDER BY e.seq")
    assert len(events) == before + 3 and events[-1]["actor"] and "graphml" in str(events[-1]["detail"])


def test_search_and_neighbourhood(api, neo4j_driver, neo4j_connection):
    db = neo4j_connection[2]
    with api.client("investigator") as c:
        items = c.get("/maps/explore/search", params={"q": "Phú Thọ"}).json()["items"]
        assert any(i["kind"] == "outlet" and i["id"] == "baophutho.vn" for i in items)
        assert c.get("/maps/explore/outlet-accounts", params={"id": "baophutho.vn"}).json()["ids"] == \
            [api.seeded.account_ids[3]]
        assert any(i["kind"] == "place" for i in c.get("/maps/explore/search", params={"q": "việt trì"}).json()["items"])
        assert any(i["id"] == api.seeded.xss_account for i in
                   c.get("/maps/explore/search", params={"q": "Người dùng lạ"}).json()["items"])
        acc = api.seeded.account_ids[5]
        v = c.get("/maps/explore/neighbourhood", params={"id": acc}).json()
        expect = {r["id"] for r in _q(neo4j_driver, db, "MATCH (:Account {id: $a})-[:AMPLIFIES]-(b) "
                                      "RETURN DISTINCT b.id AS id", a=acc)}
        assert {n["id"] for n in v["nodes"]} == expect | {acc}
        assert c.get("/maps/explore/neighbourhood", params={"id": "facebook:nobody"}).status_code == 404


def test_path_finder_with_evidence(api, neo4j_driver, neo4j_connection):
    db = neo4j_connection[2]
    sid = api.seeded.story_ids[1]
    origin = _q(neo4j_driver, db, "MATCH (s:Story {id: $s}) RETURN s.origin_account AS o", s=sid)[0]["o"]
    # an account two or more hops downstream of the origin
    far = _q(neo4j_driver, db, "MATCH (o:Account {id: $o})<-[:AMPLIFIES]-(:Account)<-[:AMPLIFIES]-(b:Account) "
             "WHERE b <> o AND NOT (b)-[:AMPLIFIES]->(o) RETURN b.id AS id ORDER BY id LIMIT 1", o=origin)
    assert far, "the seeded graph has a two-hop amplification chain"
    target = far[0]["id"]
    head = _q(neo4j_driver, db, "MATCH (s:Story {id: $s})<-[:PART_OF]-(p:Post)<-[:POSTED]-(a:Account) "
              "WITH a, min(p.created_at) AS t ORDER BY t RETURN collect(a.id)[..3] AS ids", s=sid)[0]["ids"]
    sources = {origin, *head}
    with api.client("investigator") as c:
        for strongest in (False, True):
            r = c.get("/maps/explore/path", params={"story_id": sid, "to_account": target, "strongest": strongest})
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["found"] and len(body["hops"]) >= 1
            assert body["hops"][0]["from"] in sources and body["hops"][-1]["to"] == target
            for h in body["hops"]:
                n = _q(neo4j_driver, db, "MATCH (:Account {id: $f})<-[r:AMPLIFIES]-(:Account {id: $t}) "
                       "RETURN r.count AS c", f=h["from"], t=h["to"])
                assert n and n[0]["c"] == h["count"]
                for e in h["evidence"]:
                    assert _q(neo4j_driver, db, "MATCH (:Account {id: $t})-[:POSTED]->(:Post {id: $p})-[:SHARES|"
                              "REPLIES_TO]->()<-[:POSTED]-(:Account {id: $f}) RETURN 1 AS one",
                              t=h["to"], p=e["post_id"], f=h["from"])
            assert any(h["evidence"] for h in body["hops"])
            assert {n["id"] for n in body["view"]["nodes"]} >= {target}
        c0, c1 = api.seeded.community_ids[:2]
        r = c.get("/maps/explore/path", params={"from_community": c0, "to_community": c1}).json()
        assert r["found"]
        comm = {n["id"]: n["community"] for n in r["view"]["nodes"]}
        if r["hops"]:
            assert comm[r["hops"][0]["from"]] == c0 and comm[r["hops"][-1]["to"]] == c1
        assert c.get("/maps/explore/path", params={"story_id": sid}).status_code in (400, 422)
        assert c.get("/maps/explore/path", params={"story_id": "story:none", "to_account": target}).status_code == 404
    audit = _q(neo4j_driver, db, "MATCH (e:AuditEvent {action: 'map.path'}) RETURN count(e) AS n")[0]["n"]
    assert audit >= 3


# Chromium ------------------------------------------------------------------------------------------
def _login(drv, url: str, role: str, nxt: str = "/") -> None:
    drv.get(f"{url}/trang/dang-nhap?next={nxt}")
    drv.find_element(By.ID, "username").send_keys(role)
    drv.find_element(By.ID, "password").send_keys(PASSWORD)
    drv.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()


def _no_xss(drv) -> None:
    assert drv.execute_script("return typeof window.__xss") == "undefined"


def _settled(drv, since: int = 0) -> None:
    WebDriverWait(drv, 40).until(lambda d: d.execute_script(
        "var b = document.body; return b.getAttribute('data-loading') === '0' && "
        "Number(b.getAttribute('data-drawn') || 0) > arguments[0];", since))


def _now(drv) -> int:
    return int(drv.execute_script("return Date.now()")) - 1


def _nodes(drv) -> list[dict]:
    return drv.execute_script("return window.lantoaNetwork.body.data.nodes.get();")


def _apply(drv) -> None:
    t = _now(drv)
    drv.find_element(By.ID, "apply").click()
    _settled(drv, t)


def _shot(drv, name: str) -> None:
    time.sleep(0.3)
    drv.save_screenshot(str(SHOTS / f"{name}.png"))


def test_map_page_controls_in_chromium(api):
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = api.url
    with chromium() as drv:
        _login(drv, url, "investigator")
        WebDriverWait(drv, 20).until(ec.presence_of_element_located((By.ID, "nav-map"))).click()
        _settled(drv)
        _no_xss(drv)
        assert drv.current_url.endswith("/trang/ban-do")
        assert len(_nodes(drv)) == 61
        legend = drv.find_element(By.ID, "legend").text
        assert "Nhóm 0 <i>chia sẻ</i>" in legend and "b-test:communities" not in legend
        assert "Kích thước nút" in drv.find_element(By.ID, "notes").text
        _shot(drv, "01-network")

        # hover the XSS-named account: its tooltip is plain text
        canvas = drv.find_element(By.CSS_SELECTOR, "#explore-net canvas")
        w, h = canvas.size["width"], canvas.size["height"]
        drv.execute_script("var n = window.lantoaNetwork; n.stopSimulation(); n.setOptions({physics: {enabled: false}});"
                           "n.focus(arguments[0], {scale: 2.5, animation: false});", api.seeded.xss_account)
        time.sleep(0.3)
        pos = drv.execute_script("var n = window.lantoaNetwork, id = arguments[0];"
                                 "var p = n.canvasToDOM(n.getPositions([id])[id]); return {x: p.x, y: p.y};",
                                 api.seeded.xss_account)
        ActionChains(drv).move_to_element_with_offset(canvas, int(pos["x"] - w / 2), int(pos["y"] - h / 2)).perform()
        tip = WebDriverWait(drv, 10).until(lambda d: d.execute_script(
            "var t = document.querySelector('div.vis-tooltip');"
            "return t && t.style.visibility !== 'hidden' && t.textContent ? t.textContent : null;"))
        assert "onerror" in tip and not drv.find_elements(By.CSS_SELECTOR, "div.vis-tooltip img")
        _no_xss(drv)
        _shot(drv, "02-xss-tooltip")

        # every filter re-queries
        Select(drv.find_element(By.ID, "f-platform")).select_by_value("tiktok")
        _apply(drv)
        assert {n["platform"] for n in _nodes(drv)} == {"tiktok"}
        _shot(drv, "03-platform")
        Select(drv.find_element(By.ID, "f-platform")).select_by_value("")
        comm = api.seeded.community_ids[2]
        Select(drv.find_element(By.ID, "f-community")).select_by_value(comm)
        _apply(drv)
        assert {n["community"] for n in _nodes(drv)} == {comm}
        _shot(drv, "04-community")
        Select(drv.find_element(By.ID, "f-community")).select_by_value("")
        Select(drv.find_element(By.ID, "f-story")).select_by_value(api.seeded.story_ids[1])
        _apply(drv)
        n_story = len(_nodes(drv))
        assert 0 < n_story < 61
        _shot(drv, "05-story")
        Select(drv.find_element(By.ID, "f-story")).select_by_value("")
        drv.find_element(By.ID, "f-min").send_keys("0.02")
        _apply(drv)
        assert all(n["pagerank"] >= 0.02 for n in _nodes(drv)) and len(_nodes(drv)) < 61
        drv.find_element(By.ID, "f-min").clear()
        Select(drv.find_element(By.ID, "f-window")).select_by_value("24")
        _apply(drv)
        assert len(_nodes(drv)) == 60  # the formula account has no posts
        _shot(drv, "06-window")
        Select(drv.find_element(By.ID, "f-window")).select_by_value("")
        _apply(drv)
        assert len(_nodes(drv)) == 61

        # search and centre; open details
        drv.find_element(By.ID, "search-q").send_keys("Người dùng lạ")
        drv.find_element(By.ID, "search-go").click()
        hit = WebDriverWait(drv, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li[data-id]"))
        assert "onerror" in hit[0].text
        hit[0].click()
        WebDriverWait(drv, 10).until(lambda d: d.execute_script(
            "return window.lantoaNetwork.getSelectedNodes()[0]") == api.seeded.xss_account)
        assert "onerror" in drv.find_element(By.ID, "selected").text
        _no_xss(drv)
        _shot(drv, "07-search-centre")

        # expand the neighbourhood of a node at the edge of a filtered map
        Select(drv.find_element(By.ID, "f-community")).select_by_value(api.seeded.community_ids[0])
        _apply(drv)
        before = len(_nodes(drv))
        acc = api.seeded.account_ids[0]
        drv.execute_script("window.lantoaNetwork.selectNodes([arguments[0]]);"
                           "window.lantoaNetwork.body.emitter.emit('click', {nodes: [arguments[0]], edges: []});", acc)
        t = _now(drv)
        drv.find_element(By.ID, "expand").click()
        _settled(drv, t)
        assert len(_nodes(drv)) > before
        assert {n["community"] for n in _nodes(drv)} > {api.seeded.community_ids[0]}
        _shot(drv, "08-expand")

        # click through to the account page and back
        drv.execute_script("window.lantoaNetwork.body.emitter.emit('click', {nodes: [arguments[0]], edges: []});",
                           acc)
        link = drv.find_element(By.ID, "open-page")
        assert link.is_displayed() and "/trang/tai-khoan/" in link.get_attribute("href")
        link.click()
        WebDriverWait(drv, 20).until(ec.presence_of_element_located((By.ID, "account-name")))
        drv.back()
        _settled(drv)
        assert len(_nodes(drv)) > 0


def test_path_finder_and_exports_in_chromium(api):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as drv:
        _login(drv, api.url, "investigator", "/trang/ban-do")
        _settled(drv)
        sid = api.seeded.story_ids[1]
        Select(drv.find_element(By.ID, "p-story")).select_by_value(sid)
        target = api.seeded.account_ids[30]
        drv.find_element(By.ID, "p-to").clear()
        drv.find_element(By.ID, "p-to").send_keys(target)
        drv.find_element(By.ID, "path-go").click()
        WebDriverWait(drv, 30).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-path"))
        state = drv.find_element(By.TAG_NAME, "body").get_attribute("data-path")
        assert state not in ("error",), drv.find_element(By.ID, "path-status").text
        if state != "none":
            hops = drv.find_elements(By.CSS_SELECTOR, "#path-hops > li")
            assert len(hops) == int(state) and "khuếch đại" in hops[0].text
            red = drv.execute_script("return window.lantoaNetwork.body.data.edges.get({filter: "
                                     "function (e) { return e.path; }}).length")
            assert red == int(state)
        _no_xss(drv)
        _shot(drv, "09-path-story")
        Select(drv.find_element(By.ID, "p-story")).select_by_value("")
        drv.find_element(By.ID, "p-to").clear()
        Select(drv.find_element(By.ID, "p-from-comm")).select_by_value(api.seeded.community_ids[0])
        Select(drv.find_element(By.ID, "p-to-comm")).select_by_value(api.seeded.community_ids[1])
        drv.execute_script("document.body.removeAttribute('data-path')")
        drv.find_element(By.ID, "path-go").click()
        WebDriverWait(drv, 30).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-path"))
        assert drv.find_element(By.TAG_NAME, "body").get_attribute("data-path") not in ("none", "error")
        _shot(drv, "10-path-communities")

        # exports: the links carry the filters and answer with files (the browser's own session)
        for fmt, marker in (("csv", "PK"), ("gexf", "<gexf"), ("graphml", "<graphml")):
            href = drv.find_element(By.ID, f"export-{fmt}").get_attribute("href")
            assert f"format={fmt}" in href
            head = drv.execute_async_script(
                "var done = arguments[1]; fetch(arguments[0], {credentials: 'same-origin'}).then(function (r) {"
                "return r.text().then(function (t) { done([r.status, r.headers.get('content-disposition'), t.slice(0, 400)]); });"
                "}).catch(function (e) { done([0, String(e), '']); });", href)
            assert head[0] == 200 and "attachment" in head[1] and marker in head[2], head[:2]
        drv.find_element(By.ID, "export-png").click()
        assert drv.execute_script("return window.lantoaPngBytes") > 1000
        _no_xss(drv)

        # a large graph: aggregated by community, drill down by clicking the legend
        drv.get(f"{api.url}/trang/ban-do?aggregate_above=10")
        _settled(drv)
        assert drv.find_element(By.TAG_NAME, "body").get_attribute("data-mode") == "communities"
        assert len(_nodes(drv)) == 3
        _shot(drv, "11-aggregated")
        t = _now(drv)
        drv.find_elements(By.CSS_SELECTOR, "#legend li[data-community]")[0].click()
        _settled(drv, t)
        assert drv.find_element(By.TAG_NAME, "body").get_attribute("data-mode") == "accounts"
        _shot(drv, "12-drill-down")


def test_analyst_map_is_masked_in_chromium(api):
    with chromium() as drv:
        _login(drv, api.url, "analyst", "/trang/ban-do")
        _settled(drv)
        text = str(_nodes(drv))
        assert "an-danh:" in text and "Tài khoản 10" not in text and "onerror" not in text
        _no_xss(drv)
    with chromium() as drv:
        _login(drv, api.url, "press_officer", "/")
        WebDriverWait(drv, 20).until(ec.presence_of_element_located((By.ID, "crisis-level")))
        assert not drv.find_elements(By.ID, "nav-map")
        drv.get(f"{api.url}/trang/ban-do")
        assert "Không có quyền" in drv.page_source
