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
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import chromium  # noqa: E402
from graph_seed import PASSWORD, XSS_NAME  # noqa: E402

from nlp.gazetteer import places  # noqa: E402
from viz import explore  # noqa: E402

pytestmark = pytest.mark.integration

SHOTS = Path(__file__).resolve().parents[3] / "var" / "test-artefacts" / "explore"
PERSON_NAME = '<img src=x onerror="window.__xss=4">Nguyễn Văn Thử'
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
    # one 2025 unit and the former communes merged into it (the official table), mentioned by a few accounts'
    # posts: users 20-22 name a former commune, user 23 the unit itself; users 30-32 post about land
    unit = next(u for u in explore.unit_options(places()) if len(u["former"]) >= 2)
    rows = [p for p in places() if p["id"] == unit["id"] or unit["id"] in (p.get("became") or [])]
    rows = [{**p, "aliases": list(p.get("aliases") or []), "became": list(p.get("became") or []),
             "aliases_text": " | ".join(p.get("aliases") or []), "part_of": None, "current_unit": None} for p in rows]
    w.write("load/places", rows)
    w.write("load/place_links", rows)
    former = next(p["id"] for p in rows if p["id"] != unit["id"])
    with neo4j_driver.session(database=neo4j_connection[2]) as s:
        for i, pl in ((20, former), (21, former), (22, former), (23, unit["id"])):
            s.run("MATCH (p:Post {id: $p}), (pl:Place {id: $pl}) MERGE (p)-[m:MENTIONS]->(pl) SET m.count = 1",
                  p=f"facebook:p{i}_0", pl=pl).consume()
        s.run("MATCH (p:Post) WHERE p.id IN $ids SET p.topics = coalesce(p.topics, []) + ['land']",
              ids=[f"facebook:p{i}_1" for i in (30, 31, 32)]).consume()
        # a person named in users 40-42's posts, with a crawled name that tries to run script
        s.run("MERGE (n:Person {id: 'person:test-thu'}) SET n.name = $name, n.aliases_text = 'ông thử'",
              name=PERSON_NAME).consume()
        s.run("MATCH (p:Post), (n:Person {id: 'person:test-thu'}) WHERE p.id IN $ids "
              "MERGE (p)-[m:MENTIONS]->(n) SET m.count = 1", ids=[f"facebook:p{i}_2" for i in (40, 41, 42)]).consume()
    live_api.unit = unit
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



def test_place_and_topic_filters_requery_the_graph(api, neo4j_driver, neo4j_connection):
    db = neo4j_connection[2]
    unit = api.unit
    truth = {r["id"] for r in _q(neo4j_driver, db, "MATCH (a:Account)-[:POSTED]->(:Post)-[:MENTIONS]->(pl:Place) "
                                 "WHERE pl.id = $u OR (pl)-[:BECAME]->(:Place {id: $u}) RETURN DISTINCT a.id AS id",
                                 u=unit["id"])}
    assert truth == {f"facebook:user{i}" for i in (20, 21, 22, 23)}
    land = {r["id"] for r in _q(neo4j_driver, db, "MATCH (a:Account)-[:POSTED]->(p:Post) WHERE 'land' IN p.topics "
                                "RETURN DISTINCT a.id AS id")}
    assert land == {f"facebook:user{i}" for i in (30, 31, 32)}
    with api.client("investigator") as c:
        assert {n["id"] for n in _data(c, place_id=unit["id"])["nodes"]} == truth
        assert {n["id"] for n in _data(c, topic="land")["nodes"]} == land
        assert _data(c, topic="land", place_id=unit["id"])["nodes"] == []
        assert _data(c, topic="land", aggregate_above=1)["total"] == 3
        page = c.get("/trang/ban-do")
        assert page.status_code == 200
        cfg = _page_config(page.text)
        assert len(cfg["places"]) == 148
        opt = next(p for p in cfg["places"] if p["id"] == unit["id"])
        assert all(name in opt["label"] for name in unit["former"]) and "trước đây" in opt["label"]
        assert {"id": "land", "label": "Đất đai"} in cfg["topics"]
        # the export carries the same filters
        z = zipfile.ZipFile(io.BytesIO(c.get("/maps/explore/export", params={"topic": "land"}).content))
        assert {r["id"] for r in csv.DictReader(io.StringIO(z.read("nodes.csv").decode("utf-8-sig")))} == land


def _page_config(html: str) -> dict:
    import json
    import re

    return json.loads(re.search(r'<script id="explore-config" type="application/json">(.*?)</script>', html,
                                re.S).group(1))


def test_map_data_carries_the_times_of_the_cascade(api, neo4j_driver, neo4j_connection):
    db = neo4j_connection[2]
    with api.client("investigator") as c:
        full = _data(c)
        first = {r["id"]: r["t"] for r in _q(neo4j_driver, db, "MATCH (a:Account) WHERE a.pagerank IS NOT NULL "
                                             "OPTIONAL MATCH (a)-[:POSTED]->(p:Post) "
                                             "RETURN a.id AS id, min(p.created_at).epochMillis AS t")}
        assert {n["id"]: n["t"] for n in full["nodes"]} == first
        assert first["facebook:formula"] is None and full["timeline"]["untimed"] == 1
        tl = full["timeline"]
        assert tl["scope"] == "network" and tl["frames"] == sorted(tl["frames"]) and len(tl["frames"]) <= 60
        assert tl["start"] == min(t for t in first.values() if t is not None)
        assert tl["end"] == max(x["t"] for x in full["nodes"] + full["edges"] if x["t"] is not None)
        by = {n["id"]: n["t"] for n in full["nodes"]}
        for e in full["edges"]:
            ends = (by[e["from"]], by[e["to"]])
            assert e["t"] is None if None in ends else e["t"] >= max(ends)

        sid = api.seeded.story_ids[0]
        story = _data(c, story_id=sid)
        assert story["timeline"]["scope"] == "story"
        truth = {r["id"]: r["t"] for r in _q(neo4j_driver, db, "MATCH (a:Account)-[:POSTED]->(p:Post)-[:PART_OF]->"
                                             "(:Story {id: $s}) RETURN a.id AS id, min(p.created_at).epochMillis AS t",
                                             s=sid)}
        assert {n["id"]: n["t"] for n in story["nodes"]} == truth
        hops = {(r["s"], r["t"]): r["at"] for r in _q(
            neo4j_driver, db, "MATCH (s:Account)-[:POSTED]->(p:Post)-[:SHARES|REPLIES_TO|CASCADE_PARENT]->(:Post)"
            "<-[:POSTED]-(t:Account) WHERE s <> t AND (p)-[:PART_OF]->(:Story {id: $sid}) "
            "RETURN s.id AS s, t.id AS t, min(p.created_at).epochMillis AS at", sid=sid)}
        assert hops, "the seeded story has shares between accounts"
        edges = {(e["from"], e["to"]): e["t"] for e in story["edges"]}
        assert set(hops) <= set(edges)  # every hop of the story's cascade is on its map
        for (u, v), t in edges.items():
            assert t == max(truth[u], truth[v], hops.get((u, v), truth[u]))
        # the story's first account appears first, and the cascade grows to the whole story
        counts = [len(explore.visible_at(story, ms)[0]) for ms in story["timeline"]["frames"]]
        assert counts == sorted(counts) and counts[-1] == len(truth) and counts[0] >= 1
    with api.client("analyst") as c:  # masked ids keep their times
        masked = _data(c, story_id=sid)
        assert sorted(n["t"] for n in masked["nodes"]) == sorted(truth.values())



def test_search_finds_persons_and_the_accounts_naming_them(api, neo4j_driver, neo4j_connection):
    db = neo4j_connection[2]
    truth = [r["id"] for r in _q(neo4j_driver, db, "MATCH (a:Account)-[:POSTED]->(:Post)-[:MENTIONS]->"
                                 "(:Person {id: 'person:test-thu'}) RETURN DISTINCT a.id AS id ORDER BY id")]
    assert truth == [f"facebook:user{i}" for i in (40, 41, 42)]
    with api.client("investigator") as c:
        for q in ("Văn Thử", "ông thử"):
            items = c.get("/maps/explore/search", params={"q": q}).json()["items"]
            assert {"kind": "person", "id": "person:test-thu", "name": PERSON_NAME} in items
        r = c.get("/maps/explore/person-accounts", params={"id": "person:test-thu"}).json()
        assert sorted(r["ids"]) == truth and r["mentions"] == [1, 1, 1]
        assert c.get("/maps/explore/person-accounts", params={"id": "person:none"}).json()["ids"] == []
    with api.client("analyst") as c:
        ids = c.get("/maps/explore/person-accounts", params={"id": "person:test-thu"}).json()["ids"]
        assert len(ids) == 3 and all(i.startswith("an-danh:") for i in ids)
        shown = {n["id"] for n in _data(c)["nodes"]}
        assert set(ids) <= shown  # the pseudonyms are the ones on the analyst's map


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


def _timeline_state(drv) -> tuple[int, int]:
    b = drv.find_element(By.TAG_NAME, "body")
    return int(b.get_attribute("data-frame")), int(b.get_attribute("data-visible"))


def _play_and_check(drv, view: dict, name: str) -> list[int]:
    """Press play, let it run to the end; every step's visible node count grows and equals the server's times."""
    frames = view["timeline"]["frames"]
    expect = [len(explore.visible_at(view, ms)[0]) for ms in frames] + [len(view["nodes"])]
    slider = drv.find_element(By.ID, "t-slider")
    slider.click()
    slider.send_keys(Keys.HOME)  # play from the start (it continues from where the slider is)
    WebDriverWait(drv, 10).until(lambda d: _timeline_state(d)[0] == 0)
    drv.find_element(By.ID, "t-play").click()
    mid = len(frames) // 2
    WebDriverWait(drv, 60).until(lambda d: _timeline_state(d)[0] >= mid)
    _shot(drv, f"{name}-playing")
    WebDriverWait(drv, 60).until(lambda d: not d.find_element(By.TAG_NAME, "body").get_attribute("data-playing"))
    log = drv.execute_script("return window.lantoaTimelineLog")
    assert [e["frame"] for e in log] == list(range(len(frames) + 1))
    seen = [e["visible"] for e in log]
    assert seen == expect and seen == sorted(seen) and seen[0] < seen[-1]
    hidden = drv.execute_script("return window.lantoaNetwork.body.data.nodes.get({filter: "
                                "function (n) { return n.hidden; }}).length")
    assert len(drv.execute_script("return window.lantoaNetwork.body.edgeIndices")) == len(view["edges"])
    assert hidden == 0 and "Toàn bộ" in drv.find_element(By.ID, "t-label").text
    _shot(drv, f"{name}-end")
    return seen


def test_time_slider_and_play_in_chromium(api):
    SHOTS.mkdir(parents=True, exist_ok=True)
    sid = api.seeded.story_ids[0]
    with api.client("investigator") as c:
        story = _data(c, story_id=sid)
        window = _data(c, window_hours=24)
    with chromium() as drv:
        _login(drv, api.url, "investigator", "/trang/ban-do")
        _settled(drv)
        drv.get(f"{api.url}/trang/ban-do?story_id={sid}&play_ms=60")
        _settled(drv)
        assert drv.find_element(By.ID, "timebar").is_displayed()
        frames = story["timeline"]["frames"]
        assert _timeline_state(drv) == (len(frames), len(story["nodes"]))
        # move the slider with the keyboard: back to the start, then step by step
        slider = drv.find_element(By.ID, "t-slider")
        slider.click()
        slider.send_keys(Keys.HOME)
        WebDriverWait(drv, 10).until(lambda d: _timeline_state(d)[0] == 0)
        counts = []
        for i in range(min(6, len(frames))):
            frame, visible = _timeline_state(drv)
            assert frame == i and visible == len(explore.visible_at(story, frames[i])[0])
            shown = set(drv.execute_script("return window.lantoaNetwork.body.data.nodes.get({filter: "
                                           "function (n) { return !n.hidden; }}).map(function (n) { return n.id; })"))
            assert shown == set(explore.visible_at(story, frames[i])[0])
            drawn = set(drv.execute_script("return window.lantoaNetwork.body.edgeIndices"))  # the edges vis draws
            assert drawn == set(explore.visible_at(story, frames[i])[1])
            counts.append(visible)
            if i == 2:
                _shot(drv, "13-slider-story")
            slider.send_keys(Keys.ARROW_RIGHT)
        assert counts == sorted(counts) and counts[0] >= 1
        assert "Đến " in drv.find_element(By.ID, "t-label").text
        _no_xss(drv)
        _play_and_check(drv, story, "14-play-story")
        _no_xss(drv)

        # the whole network over a window: accounts and edges appear by their first activity
        Select(drv.find_element(By.ID, "f-story")).select_by_value("")
        Select(drv.find_element(By.ID, "f-window")).select_by_value("24")
        _apply(drv)
        assert _timeline_state(drv) == (len(window["timeline"]["frames"]), len(window["nodes"]))
        seen = _play_and_check(drv, window, "15-play-network")
        assert seen[-1] == 60
        _no_xss(drv)


def test_place_and_topic_filters_in_chromium(api, neo4j_driver, neo4j_connection):
    SHOTS.mkdir(parents=True, exist_ok=True)
    unit = api.unit
    with chromium() as drv:
        _login(drv, api.url, "investigator", "/trang/ban-do")
        _settled(drv)
        place = Select(drv.find_element(By.ID, "f-place"))
        assert len(place.options) == 149  # "Toàn tỉnh" and the 148 units
        opt = next(o for o in place.options if o.get_attribute("value") == unit["id"])
        assert unit["former"][0] in opt.text and "trước đây" in opt.text
        place.select_by_value(unit["id"])
        _apply(drv)
        assert {n["id"] for n in _nodes(drv)} == {f"facebook:user{i}" for i in (20, 21, 22, 23)}
        _shot(drv, "16-place")
        place.select_by_value("")
        Select(drv.find_element(By.ID, "f-topic")).select_by_value("land")
        _apply(drv)
        assert {n["id"] for n in _nodes(drv)} == {f"facebook:user{i}" for i in (30, 31, 32)}
        assert "topic=land" in drv.find_element(By.ID, "export-csv").get_attribute("href")
        _shot(drv, "17-topic")
        _no_xss(drv)


def test_search_person_centres_in_chromium(api):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as drv:
        _login(drv, api.url, "investigator", "/trang/ban-do")
        _settled(drv)
        drv.find_element(By.ID, "search-q").send_keys("Văn Thử")
        drv.find_element(By.ID, "search-go").click()
        hit = WebDriverWait(drv, 20).until(lambda d: d.find_elements(
            By.CSS_SELECTOR, "#search-results li[data-kind=person]"))
        assert hit[0].text == "Người: " + PERSON_NAME
        hit[0].click()
        WebDriverWait(drv, 10).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-centred"))
        centred = drv.find_element(By.TAG_NAME, "body").get_attribute("data-centred").split()
        assert sorted(centred) == [f"facebook:user{i}" for i in (40, 41, 42)]
        assert sorted(drv.execute_script("return window.lantoaNetwork.getSelectedNodes()")) == sorted(centred)
        assert "onerror" in drv.find_element(By.ID, "map-summary").text
        assert not drv.find_elements(By.CSS_SELECTOR, "#search-results img, #map-summary img")
        _no_xss(drv)
        _shot(drv, "18-search-person")
