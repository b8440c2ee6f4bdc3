"""The graph-side NLP stage against the real Neo4j."""

from __future__ import annotations

from etl.nlp_stage import run_nlp_stage
from graph.repository import GraphWriter

ARTICLES = [
    {"id": "a1", "url": "https://baophutho.example/a1", "outlet_id": "baophutho.example",
     "title": "Tai nạn giao thông nghiêm trọng tại xã Tam Nông, Phú Thọ",
     "lead": "Sáng 3/7, một vụ va chạm giữa xe tải và xe máy khiến hai người tử vong.",
     "text": "Công an tỉnh Phú Thọ đang điều tra vụ tai nạn trên quốc lộ 32 qua xã Tam Nông.",
     "published_at": "2025-07-03T08:15:00+07:00"},
    {"id": "a2", "url": "https://news.example/a2", "outlet_id": "news.example",
     "title": "Hà Nội khai mạc lễ hội hoa mùa hè", "lead": "Lễ hội thu hút đông đảo du khách.",
     "text": "Lễ hội diễn ra tại quận Hoàn Kiếm, Hà Nội.", "published_at": "2025-07-03T09:00:00+07:00"},
]


def test_stage_annotates_and_links_entities(clean_db):
    w = GraphWriter(clean_db)
    w.write("load/articles", ARTICLES)
    w.write("load/posts", [{"id": "facebook:p1", "platform": "facebook", "post_id": "p1",
                            "account_id": "facebook:u1", "created_at": "2025-07-03T10:00:00+07:00",
                            "text": "UBND tỉnh Phú Thọ vừa khen thưởng xã Tam Nông 👏"}])
    r1 = run_nlp_stage(clean_db, batch=10)
    assert r1.articles == 2 and r1.posts == 1 and r1.errors == 0
    assert r1.places > 600 and r1.organizations > 20

    recs, _, _ = clean_db.execute_query(
        "MATCH (a:Article) RETURN a.id AS id, a.concerns_province AS c, a.sentiment AS s, a.topics AS t, "
        "a.nlp_version AS v ORDER BY id")
    by_id = {r["id"]: r for r in recs}
    assert by_id["a1"]["c"] is True and by_id["a2"]["c"] is False
    assert by_id["a1"]["s"] in ("negative", "neutral", "positive")
    assert by_id["a1"]["v"] == r1.version
    recs, _, _ = clean_db.execute_query(
        "MATCH (:Article {id: 'a1'})-[m:MENTIONS]->(p:Place) RETURN p.id AS id, p.level AS level, m.count AS n")
    assert any(r["level"] == "commune" for r in recs), recs
    recs, _, _ = clean_db.execute_query(
        "MATCH (:Post {id: 'facebook:p1'})-[:MENTIONS]->(o:Organization) RETURN o.id AS id")
    assert "org:pt:ubnd" in {r["id"] for r in recs}
    recs, _, _ = clean_db.execute_query("MATCH (:Place)-[b:BECAME]->(:Place {level: 'commune'}) RETURN count(b) AS n")
    assert recs[0]["n"] > 300

    # nothing changed: the second run annotates nothing and keeps the mentions
    r2 = run_nlp_stage(clean_db, batch=10)
    assert r2.articles == 0 and r2.posts == 0
    recs, _, _ = clean_db.execute_query("MATCH (:Article {id: 'a1'})-[m:MENTIONS]->() RETURN count(m) AS n")
    assert recs[0]["n"] > 0


# ------------------------------------------------------------------ sentiment, end to end (issue 13: the sign bug)
NEG_POST = "Nước sông Lô bốc mùi hôi thối, cá chết trắng, người dân hoang mang"
POS_POST = "Lễ hội hoa mùa hè thu hút đông đảo du khách"
NEG_ARTICLE = {"id": "n1", "url": "https://baophutho.example/n1", "outlet_id": "baophutho.example",
               "title": "Tai nạn giao thông nghiêm trọng tại xã Tam Nông, Phú Thọ",
               "lead": "Sáng 3/7, một vụ va chạm giữa xe tải và xe máy khiến hai người tử vong.",
               "text": "Công an tỉnh Phú Thọ đang điều tra vụ tai nạn trên quốc lộ 32 qua xã Tam Nông.",
               "published_at": "2025-07-03T08:15:00+07:00", "detected_at": "2025-07-03T08:20:00+07:00"}


def _posts(prefix: str, text: str, n: int, *, account: str, start_h: int = 9) -> list[dict]:
    return [{"id": f"facebook:{prefix}{i}", "platform": "facebook", "post_id": f"{prefix}{i}", "account_id": account,
             "created_at": f"2025-07-03T{start_h + i // 35:02d}:{(i % 35) + 10:02d}:00+07:00", "kind": "post",
             "text": text} for i in range(n)]


def test_negative_text_is_stored_negative_and_counted_by_dashboard_and_report(clean_db):
    from datetime import date

    from casework.reports import run_report
    from graph.repository import GraphReader

    w = GraphWriter(clean_db)
    w.write("load/articles", [NEG_ARTICLE])
    w.write("load/posts", _posts("neg", NEG_POST, 4, account="facebook:u1"))
    r = run_nlp_stage(clean_db, batch=10)
    assert r.articles == 1 and r.posts == 4 and r.errors == 0
    # one item as an older version stored it (a re-signed number in `sentiment` and a separate label): the next
    # run re-annotates it because its nlp_version differs (the sentiment scheme is part of the version)
    clean_db.execute_query("MATCH (p:Post {id: 'facebook:neg3'}) SET p.sentiment = 0.56, p.sentiment_label = "
                           "'negative', p.nlp_version = 'nlp-before-sentiment-2'")
    r = run_nlp_stage(clean_db, batch=10)
    assert (r.articles, r.posts) == (0, 1)

    recs, _, _ = clean_db.execute_query(
        "MATCH (x) WHERE x:Article OR x:Post RETURN x.id AS id, x.sentiment AS s, x.sentiment_score AS score, "
        "x.sentiment_label AS legacy, x.concerns_province AS c ORDER BY id")
    assert len(recs) == 5
    for rec in recs:  # the label and the signed score agree; the legacy property is gone (also on the old item)
        assert rec["s"] == "negative" and rec["score"] < 0 and rec["legacy"] is None, rec
    assert {rec["id"]: rec["c"] for rec in recs}["n1"] is True

    reader = GraphReader(clean_db)
    dash = reader.read("read/dashboard_counts", {"since": "2025-07-03T00:00:00+07:00",
                                                 "until": "2025-07-04T00:00:00+07:00"})[0]
    assert (dash["negative_articles"], dash["negative_posts"]) == (1, 4), dash
    # a crawl that catches up on the day detects its articles after the day's end: the dashboard's list shows them
    # in the day they were published, as its count does (it listed none while counting them)
    clean_db.execute_query("MATCH (a:Article {id: 'n1'}) SET a.detected_at = datetime('2025-07-04T00:05:00+07:00')")
    day_window = {"since": "2025-07-03T00:00:00+07:00", "until": "2025-07-04T00:00:00+07:00"}
    listed = reader.read("read/dashboard_articles", {**day_window, "limit": 30})
    assert [a["id"] for a in listed] == ["n1"]
    assert reader.read("read/dashboard_counts", day_window)[0]["province_articles"] == 1
    week = run_report(reader, "weekly_summary", {"end": "2025-07-03"}, today=date(2025, 7, 3))
    day = next(x for x in week.rows if x["day"] == "2025-07-03")
    assert (day["articles"], day["posts"], day["negative"]) == (1, 4, 5), day


def test_warning_level_rises_for_a_negative_burst_annotated_by_the_nlp_stage(clean_db):
    """Two bursts of the same shape (70 posts in two hours, one re-posted by a big page): only the one the NLP
    stage finds negative turns into a spreading local crisis; the other stays an outbreak of volume."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from casework.schedule import warning_pass
    from graph.repository import GraphReader

    now = datetime(2025, 7, 3, 11, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    w = GraphWriter(clean_db)
    w.write("load/accounts", [
        {"id": f"facebook:{h}", "platform": "facebook", "handle": h, "name": h, "followers": f, "kind": None,
         "verified": False, "created_at": None, "observed_at": now.isoformat(), "in_scope": True, "outlet": None}
        for h, f in (("dan", 300), ("trang-lon", 250_000))])
    stories = {"neg": _posts("neg", NEG_POST, 70, account="facebook:dan"),
               "pos": _posts("pos", POS_POST, 70, account="facebook:dan")}
    for key, posts in stories.items():  # the big page re-posts each burst
        posts.append({**_posts(f"{key}big", posts[0]["text"], 1, account="facebook:trang-lon")[0],
                      "created_at": "2025-07-03T09:40:00+07:00"})
        w.write("load/posts", posts)
    r = run_nlp_stage(clean_db, batch=50)
    assert r.posts == 142 and r.errors == 0
    w.write("load/stories", [{
        "id": f"story:{key}", "run": "run1", "title": posts[0]["text"], "first_seen_at": "2025-07-03T09:10:00+07:00",
        "last_seen_at": "2025-07-03T10:44:00+07:00", "size": 71, "depth": 1, "breadth": 71, "virality": 1.0,
        "speed_per_hour": 35.0, "items_per_hour": 35.0, "reach": 2, "time_to_10_s": None, "time_to_100_s": None,
        "time_to_1000_s": None, "origin_post_id": posts[0]["id"], "origin_article_id": None,
        "origin_account": "facebook:dan", "origin_confidence": 0.5, "origin_unobserved": False,
        "origin_reasons": [], "origin_candidates": "[]", "growth": "[]", "community_share": None,
        "negative_share": None, "sentiment": None, "sentiment_score": None} for key, posts in stories.items()])
    w.write("load/story_members", [{"item_id": p["id"], "story_id": f"story:{key}", "run": "run1",
                                    "parent_id": None, "how": None, "confidence": None}
                                   for key, posts in stories.items() for p in posts])

    out = warning_pass(clean_db, now=now)
    assert out.stories_assessed == 2 and out.level >= 3, out
    reader = GraphReader(clean_db)
    neg = reader.read("read/story_decisions", {"story_id": "story:neg"})[0]
    pos = reader.read("read/story_decisions", {"story_id": "story:pos"})[0]
    assert neg["crisis_level"] >= 3 and any("lan rộng" in x for x in neg["crisis_reasons"]), neg
    assert neg["recommended"] == "crisis_response", neg
    assert pos["crisis_level"] == 2 and pos["recommended"] != "crisis_response", pos


def test_a_fast_story_about_another_province_is_watched_not_warned(clean_db):
    """The same burst about Hải Phòng (its article names the city, no item concerns Phú Thọ) is watched, not a
    level-2 warning for the province: on a 21-day world such stories were the early false alarms."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from casework.schedule import warning_pass
    from graph.repository import GraphReader

    now = datetime(2025, 7, 3, 11, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    w = GraphWriter(clean_db)
    w.write("load/accounts", [
        {"id": "facebook:dan", "platform": "facebook", "handle": "dan", "name": "dan", "followers": 300, "kind": None,
         "verified": False, "created_at": None, "observed_at": now.isoformat(), "in_scope": True, "outlet": None}])
    art = {**NEG_ARTICLE, "id": "hp1", "url": "https://baoquocgia.example/hp1", "outlet_id": "baoquocgia.example",
           "title": "Khởi tố nhóm đối tượng cố ý gây thương tích ở phường Hồng Bàng, TP Hải Phòng",
           "lead": "Công an TP Hải Phòng tạm giữ nhiều tang vật và đang mở rộng điều tra.",
           "text": "Công an TP Hải Phòng cho biết nhóm đối tượng đã dùng hung khí tấn công người đi đường."}
    w.write("load/articles", [art])
    posts = _posts("hp", "Đánh nhau kinh hoàng, người dân hoảng sợ, quá nguy hiểm", 70, account="facebook:dan")
    w.write("load/posts", posts)
    assert run_nlp_stage(clean_db, batch=50).errors == 0
    items = ["hp1"] + [p["id"] for p in posts]
    w.write("load/stories", [{
        "id": "story:hp", "run": "run1", "title": art["title"], "first_seen_at": "2025-07-03T08:15:00+07:00",
        "last_seen_at": "2025-07-03T10:44:00+07:00", "size": 71, "depth": 1, "breadth": 71, "virality": 1.0,
        "speed_per_hour": 35.0, "items_per_hour": 35.0, "reach": 1, "time_to_10_s": None, "time_to_100_s": None,
        "time_to_1000_s": None, "origin_post_id": None, "origin_article_id": "hp1", "origin_account": None,
        "origin_confidence": 0.5, "origin_unobserved": False, "origin_reasons": [], "origin_candidates": "[]",
        "growth": "[]", "community_share": None, "negative_share": None, "sentiment": None, "sentiment_score": None}])
    w.write("load/story_members", [{"item_id": i, "story_id": "story:hp", "run": "run1", "parent_id": None,
                                    "how": None, "confidence": None} for i in items])
    out = warning_pass(clean_db, now=now)
    hp = GraphReader(clean_db).read("read/story_decisions", {"story_id": "story:hp"})[0]
    assert hp["crisis_level"] == 1, hp                  # an outbreak of speed, but about Hải Phòng
    assert any("địa bàn tỉnh" in r for r in hp["crisis_reasons"]), hp
    assert out.level <= 1, out


def test_a_changed_article_or_post_is_annotated_again(clean_db):
    """`lantoa nlp run` re-annotates an article whose text changed on a re-crawl and an edited post (the load never
    reset nlp_version, so their sentiment and entities described the old text); reloading the same text does not.
    Rows carry their fingerprint as the crawler's and the importer's do."""
    from nlp.fingerprint import fingerprint

    def art(a: dict) -> dict:
        return {**a, "fingerprint": fingerprint(a["title"], a["lead"], a["text"])}

    def post(text: str) -> dict:
        p = _posts("e", text, 1, account="facebook:u1")[0]
        return {**p, "fingerprint": fingerprint(text)}

    w = GraphWriter(clean_db)
    w.write("load/articles", [art(NEG_ARTICLE)])
    w.write("load/posts", [post(NEG_POST)])
    first = run_nlp_stage(clean_db, batch=10)
    assert (first.articles, first.posts) == (1, 1)
    w.write("load/articles", [art(NEG_ARTICLE)])
    w.write("load/posts", [post(NEG_POST)])
    same = run_nlp_stage(clean_db, batch=10)
    assert (same.articles, same.posts) == (0, 0)
    fixed = {**NEG_ARTICLE, "title": "Khánh thành cầu mới tại xã Tam Nông, Phú Thọ", "lead": "Cây cầu nối đôi bờ.",
             "text": "Người dân vui mừng khi cầu mới được đưa vào sử dụng."}
    w.write("load/articles", [art(fixed)])
    w.write("load/posts", [post("Cầu mới đẹp quá, cảm ơn chính quyền xã")])
    again = run_nlp_stage(clean_db, batch=10)
    assert (again.articles, again.posts) == (1, 1)
    rec = clean_db.execute_query("MATCH (a:Article {id: 'n1'}) RETURN a.sentiment AS s").records[0]
    assert rec["s"] != "negative"
