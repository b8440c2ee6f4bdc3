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
        "MATCH (a:Article) RETURN a.id AS id, a.concerns_province AS c, a.sentiment_label AS s, a.topics AS t, "
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
