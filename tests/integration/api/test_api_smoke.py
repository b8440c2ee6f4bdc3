"""The endpoints answer from stored results with the right shapes, masking and audit trail."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_rankings_from_stored_results(live_api):
    with live_api.client("analyst") as c:
        r = c.get("/rankings/influence", params={"limit": 12})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["run"]["id"] == "b-test:influence"
        assert body["total"] == 60 and len(body["items"]) == 12
        assert [it["rank"] for it in body["items"]] == list(range(1, 13))
        # official accounts are public; private persons are pseudonymised for an analyst
        assert body["items"][0]["account"]["id"] == live_api.seeded.official_account
        assert not body["items"][0]["account"]["masked"]
        persons = [it["account"] for it in body["items"] if it["account"]["masked"]]
        assert persons and all(a["id"].startswith("an-danh:") and a["name"] is None for a in persons)
        r = c.get("/rankings/influence", params={"window": "24h"})
        assert r.json()["total"] == 30 and r.json()["scope"]["scope"] == "window"
        r = c.get("/rankings/influence", params={"platform": "tiktok", "topic": "x"})
        assert r.status_code == 400
        scopes = c.get("/rankings/scopes").json()["scopes"]
        assert {s["scope"] for s in scopes} == {"all", "window", "platform", "topic", "community"}
    with live_api.client("investigator") as c:
        items = c.get("/rankings/influence", params={"limit": 20}).json()["items"]
        assert not any(it["account"]["masked"] for it in items)
        assert live_api.seeded.person_account in {it["account"]["id"] for it in items}


def test_stories_detail_cascade_origin_amplifiers(live_api):
    sid = live_api.seeded.false_story
    with live_api.client("inspector") as c:
        page = c.get("/stories", params={"sort": "crisis"}).json()
        assert page["total"] == 2 and page["items"][0]["id"] == sid and page["items"][0]["crisis_level"] == 3
        assert c.get("/stories", params={"q": "câu chuyện 1"}).json()["total"] == 1
        other = c.get("/stories/story:1").json()
        assert other["sentiment"] == "neutral" and other["sentiment_score"] == 0.05
        assert c.get("/stories", params={"sentiment": "neutral"}).json()["items"][0]["id"] == "story:1"
        assert c.get("/stories", params={"sentiment": "negative"}).json()["total"] == 1
        d = c.get(f"/stories/{sid}").json()
        assert d["handling"] == "refute" and d["origin"]["origin"]["id"] == "art:0"
        assert d["origin"]["origin"]["evidence_sha256"] and d["growth"][-1][0] == 6
        casc = c.get(f"/stories/{sid}/cascade").json()
        assert len(casc["nodes"]) == d["size"] and any(n["parent_id"] for n in casc["nodes"])
        amp = c.get(f"/stories/{sid}/amplifiers", params={"limit": 3}).json()
        assert len(amp["items"]) == 3 and amp["total"] >= 3
        assert c.get("/stories/nope").status_code == 404
        ev = c.get("/evidence/articles/art:0").json()
        assert ev["captures"] and ev["captures"][0]["stored"]
        bundle = c.get("/evidence/articles/art:0/bundle")
        assert bundle.status_code == 200 and bundle.headers["content-type"] == "application/zip"
        v = c.post("/evidence/verify", files={"file": ("b.zip", bundle.content, "application/zip")}).json()
        assert v["ok"] and v["article_id"] == "art:0"
        tampered = bytearray(bundle.content)
        tampered[len(tampered) // 2] ^= 0xFF
        v2 = c.post("/evidence/verify", files={"file": ("b.zip", bytes(tampered), "application/zip")}).json()
        assert not v2["ok"]
    with live_api.client("analyst") as c:
        casc = c.get(f"/stories/{sid}/cascade").json()
        masked = [n for n in casc["nodes"] if n["account"] and n["account"]["masked"]]
        assert masked and all(n["url"] is None for n in masked)


def test_communities_entities_alerts_accounts(live_api):
    with live_api.client("investigator") as c:
        com = c.get("/communities").json()
        assert com["total"] == 3 and com["items"][0]["size"] == 20
        det = c.get(f"/communities/{com['items'][0]['id']}", params={"limit": 5}).json()
        assert len(det["members"]) == 5
        ents = c.get("/entities", params={"q": "việt"}).json()["items"]
        assert ents[0]["id"] == live_api.seeded.place_id and ents[0]["mentions"] > 0
        m = c.get(f"/entities/{live_api.seeded.place_id}/mentions", params={"days": 7}).json()
        assert sum(d["mentions"] for d in m["days"]) == ents[0]["mentions"]
        al = c.get("/alerts", params={"min_level": 2}).json()
        assert al["total"] == 1 and al["items"][0]["subject_id"] == live_api.seeded.false_story
        acc = c.get(f"/accounts/{live_api.seeded.person_account}").json()
        assert acc["account"]["name"] == "Tài khoản 10" and acc["posts"] == 3
    with live_api.client("admin") as c:
        events = c.get("/auth/audit", params={"limit": 500}).json()["items"]
        actions = {(e["actor"], e["action"], e["target"]) for e in events}
        assert ("investigator", "personal_data.view", f"account:{live_api.seeded.person_account}") in actions
        assert ("inspector", "evidence.export", "article:art:0") in actions
        assert c.get("/auth/audit/verify").json()["ok"]


def test_api_key_and_me(live_api):
    with live_api.client("analyst", via="key") as c:
        me = c.get("/auth/me").json()
        assert me["roles"] == ["analyst"] and me["kind"] == "api_key" and not me["sees_personal_data"]
    with live_api.client() as c:
        assert c.get("/auth/me", headers={"X-API-Key": live_api.keys["analyst"] + "x"}).status_code == 401
        assert c.get("/auth/me", headers={"Authorization": "Bearer forged.token"}).status_code == 401
