"""Refutations end to end on the real Neo4j and the real API: a rumour spreads, the provincial police deny it in a
post and a paper in an article; the warning pass links both to the rumour with their evidence, the rumour is
recommended "refute" and the police's denial "amplify"; an inspector undoes one link (it stays undone on the next
pass) and confirms the other; /handling/refutation-delays counts it with its default window."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from neo4j_support import api_client

from casework.schedule import warning_pass
from graph.repository import GraphReader, GraphWriter

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = datetime(2025, 9, 2, 7, 0, tzinfo=TZ)
NOW = T0 + timedelta(hours=14)
RUMOUR = ("KHẨN: chiều nay có xe cứu thương lạ bắt cóc một bé trai ở xã Thanh Ba, các bố mẹ trông con cẩn thận!!! "
          "Chia sẻ ngay cho mọi người")
DENIAL = ("Công an tỉnh Phú Thọ thông tin: nội dung về việc xe cứu thương bắt cóc trẻ em tại xã Thanh Ba là SAI SỰ "
          "THẬT. Đề nghị người dân không chia sẻ tin đồn thất thiệt.")
ARTICLE = "https://baophutho.vn/bac-bo-tin-bat-coc-tre-em-o-thanh-ba-100.htm"
NOISE = ["Khánh thành cầu mới ở xã Thanh Ba nối đôi bờ sông Thao", "Trạm y tế xã Hạ Hòa nhận xe cứu thương mới",
         "Trẻ em xã Thanh Ba vui tết Trung thu cùng thầy cô", "Công an tỉnh Phú Thọ khuyến cáo thủ đoạn lừa đảo mới",
         "Giá vải thiều năm nay tăng mạnh", "Lễ hội đền Hùng thu hút đông du khách", "Mưa lớn gây ngập úng ở Việt Trì"]


def _token(*roles: str, uid: str = "u") -> dict[str, str]:
    from api.auth import Principal, Role, issue_token

    return {"Authorization": f"Bearer {issue_token(Principal(id=uid, name=uid, roles=frozenset(map(Role, roles))))}"}


def _account(aid: str, name: str, kind: str | None, followers: int) -> dict:
    return {"id": aid, "platform": "facebook", "handle": aid.split(":")[1], "name": name, "followers": followers,
            "kind": kind, "verified": kind == "official", "created_at": None, "observed_at": NOW.isoformat(),
            "in_scope": True, "outlet": None}


def _post(pid: str, acc: str, at: datetime, text: str, kind: str = "post") -> dict:
    return {"id": pid, "platform": "facebook", "post_id": pid.split(":")[1], "account_id": acc,
            "created_at": at.isoformat(), "kind": kind, "text": text, "url": None, "links": [], "shared_url": None,
            "likes": 3, "shares": 1, "comments": 0, "views": None, "observed_at": NOW.isoformat(),
            "time_missing": False, "sentiment": "negative", "sentiment_score": -0.6}


def _story(sid: str, items: list[tuple[str, datetime]]) -> tuple[dict, list[dict]]:
    first, last = items[0][1], items[-1][1]
    row = {"id": sid, "run": "run1", "title": sid, "first_seen_at": first.isoformat(),
           "last_seen_at": last.isoformat(), "size": len(items), "depth": 1, "breadth": len(items), "virality": 1.0,
           "speed_per_hour": 3.0, "items_per_hour": 3.0, "reach": 10, "time_to_10_s": None, "time_to_100_s": None,
           "time_to_1000_s": None, "origin_post_id": items[0][0], "origin_article_id": None, "origin_account": None,
           "origin_confidence": 0.9, "origin_unobserved": False, "origin_reasons": [], "origin_candidates": "[]",
           "growth": "[]", "community_share": None, "negative_share": 1.0, "sentiment": "negative",
           "sentiment_score": -0.6}
    return row, [{"item_id": i, "story_id": sid, "run": "run1", "parent_id": None, "how": None, "confidence": None}
                 for i, _ in items]


@pytest.fixture(scope="module")
def graph(neo4j_driver, neo4j_connection):
    database = neo4j_connection[2]
    w = GraphWriter(neo4j_driver, database=database)
    w.write("load/accounts", [_account("facebook:tinnong", "Tin Nóng 24/7", "page", 1500),
                              _account("facebook:congan", "Công an tỉnh Phú Thọ", "official", 412_000),
                              *(_account(f"facebook:u{i}", f"Người dùng {i}", "person", 200) for i in range(30))])
    rumour = [("facebook:r0", T0)] + [(f"facebook:r{i}", T0 + timedelta(minutes=20 * i)) for i in range(1, 25)]
    w.write("load/posts", [_post(p, "facebook:tinnong" if i == 0 else f"facebook:u{i}", at,
                                 RUMOUR if i % 3 == 0 else "Nghe nói " + RUMOUR, "post")
                           for i, (p, at) in enumerate(rumour)])
    police = [("facebook:d0", T0 + timedelta(hours=10))] + [
        (f"facebook:d{i}", T0 + timedelta(hours=10, minutes=10 * i)) for i in range(1, 12)]
    w.write("load/posts", [_post(p, "facebook:congan" if i == 0 else f"facebook:u{i + 12}", at,
                                 DENIAL if i == 0 else "Tin chính thức đây", "post" if i == 0 else "share")
                           for i, (p, at) in enumerate(police)])
    noise = []
    for k, text in enumerate(NOISE):
        items = [(f"facebook:n{k}_{j}", T0 - timedelta(hours=20 - k, minutes=-j)) for j in range(3)]
        w.write("load/posts", [_post(p, f"facebook:u{j}", at, text) for j, (p, at) in enumerate(items)])
        noise.append(_story(f"story:facebook:n{k}_0", items))
    w.write("load/registry_outlets", [{
        "id": "baophutho.vn", "name": "Báo Phú Thọ", "kind": "newspaper", "level": "provincial", "licence": None,
        "licence_no": "1/GP", "licence_date": None, "agency": None, "address": None, "url": None, "accounts": [],
        "updated_at": NOW.isoformat(), "updated_by": "test"}])
    at = (T0 + timedelta(hours=11)).isoformat()
    w.write("load/articles", [{
        "id": ARTICLE, "url": ARTICLE, "title": "Bác bỏ thông tin xe cứu thương bắt cóc trẻ em ở xã Thanh Ba",
        "lead": "Công an tỉnh khẳng định thông tin lan truyền trên mạng xã hội là bịa đặt.", "text": "…",
        "published_at": at, "modified_at": None, "detected_at": at, "section": None, "language": "vi", "tags": [],
        "content_hash": "h-article", "evidence_sha256": None, "relevance": 1.0, "relevance_reasons": [],
        "concerns_province": True, "outlet_id": "baophutho.vn", "outlet_name": None, "authors": []}])
    stories = [_story("story:facebook:r0", rumour), _story("story:facebook:d0", police), *noise]
    w.write("load/stories", [s for s, _ in stories])
    w.write("load/story_members", [m for _, ms in stories for m in ms])
    return neo4j_driver, database


@pytest.fixture(scope="module")
def client(graph, neo4j_connection):
    with api_client(neo4j_connection, LANTOA_AUTH_SECRET_KEY="test-secret-for-refutation-tests-0123456789") as c:
        yield c


def test_pass_links_denials_and_recommends_from_them(graph, client):
    driver, database = graph
    before = warning_pass(driver, now=T0 + timedelta(hours=9), database=database)
    assert before.refutations == 0  # nothing denies it yet
    out = warning_pass(driver, now=NOW, database=database)
    assert out.refutations == 2, out
    h = client.get("/handling/story:facebook:r0", headers=_token("analyst")).json()
    links = {r["item_id"]: r for r in h["refutations"]}
    assert set(links) == {"facebook:d0", ARTICLE}
    assert links["facebook:d0"]["source_class"] == "official" and links[ARTICLE]["source_class"] == "press"
    assert all(r["method"] == "auto" and r["status"] == "proposed" and r["reasons"] for r in links.values())
    assert {"cứu thương", "bắt cóc"} <= set(links["facebook:d0"]["shared_terms"])
    assert h["handling"] == "refute" and "tin bác bỏ" in h["reasons"][0]
    assert h["refutation_hours"] is not None
    police = client.get("/handling/story:facebook:d0", headers=_token("analyst")).json()
    assert police["handling"] == "amplify" and police["refutations"] == []
    noise = GraphReader(driver, database=database).read("read/scorecard_stories")
    assert all(not s["refuted_by"] for s in noise if s["id"] != "story:facebook:r0")
    page = client.get("/trang/cau-chuyen/story:facebook:r0", headers=_token("analyst"))
    assert page.status_code == 200 and 'id="refutations"' in page.text and "Báo Phú Thọ" in page.text


def test_inspector_undoes_and_confirms(graph, client):
    driver, database = graph
    insp = _token("inspector", uid="thanh.tra")
    assert client.delete("/handling/story:facebook:r0/refutations", params={"item_id": ARTICLE},
                         headers=_token("analyst")).status_code == 403
    r = client.delete("/handling/story:facebook:r0/refutations", params={"item_id": ARTICLE}, headers=insp)
    assert r.status_code == 200, r.text
    links = {x["item_id"]: x for x in r.json()["refutations"]}
    assert links[ARTICLE]["status"] == "rejected" and links[ARTICLE]["rejected_by"] == "thanh.tra"
    assert client.delete("/handling/story:facebook:r0/refutations", params={"item_id": "facebook:nope"},
                         headers=insp).status_code == 404
    assert client.delete("/handling/story:facebook:r0/refutations", headers=insp).status_code == 422
    warning_pass(driver, now=NOW + timedelta(hours=1), database=database)  # the pass does not propose it again
    links = {x["item_id"]: x for x in client.get("/handling/story:facebook:r0", headers=insp).json()["refutations"]}
    assert links[ARTICLE]["status"] == "rejected"
    r = client.post("/handling/story:facebook:r0/refutations", headers=insp, json={"item_id": "facebook:d0"})
    links = {x["item_id"]: x for x in r.json()["refutations"]}
    assert links["facebook:d0"]["status"] == "confirmed" and links["facebook:d0"]["confirmed_by"] == "thanh.tra"
    assert links["facebook:d0"]["method"] == "auto"  # who found it is kept
    delays = client.get("/handling/refutation-delays", headers=_token("analyst")).json()  # default window
    assert [d["story_id"] for d in delays] == ["story:facebook:r0"] and delays[0]["hours"] is not None
