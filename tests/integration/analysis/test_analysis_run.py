"""The analysis run against the real Neo4j: projection, pure analyses, results written with their run."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from etl.social_import import post_rows
from graph.analysis_run import AnalysisParams, run_analysis
from graph.analytics.synthetic import synthetic_cascades
from graph.repository import GraphReader, GraphWriter

TZ = timezone(timedelta(hours=7))


def load_synthetic(driver, n_stories: int = 12, seed: int = 4) -> tuple[list[dict], dict]:
    events, truth = synthetic_cascades(n_stories, seed=seed)
    w = GraphWriter(driver)
    accounts = sorted({e["account"] for e in events})
    w.write("load/accounts", [
        {"id": f"facebook:{a}", "platform": "facebook", "handle": a, "name": f"Tài khoản {a}",
         "followers": int(truth["followers"].get(a, 0)), "in_scope": True} for a in accounts
    ])
    # items that share a URL nobody posted (unobserved roots) keep only their URL; rows built by the social
    # importer's own function (so each post carries the fingerprint made at ingest)
    w.write("load/posts", [
        post_rows({"platform": "facebook", "post_id": e["id"], "account": e["account"], "created_at": e["created_at"],
                   "kind": "share" if e.get("parent_id") else "post", "text": e.get("text") or "",
                   "parent_url": e.get("url")})[0]
        for e in events
    ])
    ids = {e["id"] for e in events}
    w.write("load/post_parents", [
        {"id": f"facebook:{e['id']}", "parent_id": f"facebook:{e['parent_id']}", "rel": "SHARES", "kind": "share"}
        for e in events if e.get("parent_id") and e["parent_id"] in ids
    ])
    return events, truth


def test_run_writes_stories_influence_and_communities(clean_db):
    events, truth = load_synthetic(clean_db)
    times = [datetime.fromisoformat(e["created_at"]) for e in events]
    params = AnalysisParams(since=min(times) - timedelta(days=1), until=max(times) + timedelta(days=1),
                            seed=7, stability_runs=2)
    s1 = run_analysis(clean_db, params)
    assert s1.status == "done" and s1.n_events == len(events)
    assert s1.n_stories >= 8 and s1.n_accounts > 10 and s1.n_communities >= 1

    reader = GraphReader(clean_db)
    recs, _, _ = clean_db.execute_query(
        "MATCH (r:AnalysisRun {batch: $b}) RETURN r.kind AS kind, r.status AS st, r.params AS p, "
        "r.code_version AS v ORDER BY kind", b=s1.batch)
    assert [r["kind"] for r in recs] == ["cascades", "communities", "coordination", "influence"]
    assert all(r["st"] == "done" and '"seed": 7' in r["p"] and r["v"] for r in recs)

    recs, _, _ = clean_db.execute_query(
        "MATCH (s:Story) WHERE s.cascade_run = $id RETURN s.id AS id, s.size AS size, "
        "coalesce(s.origin_post_id, s.origin_article_id) AS origin, "
        "s.origin_confidence AS conf ORDER BY s.size DESC", id=s1.run_id("cascades"))
    assert recs and all(r["size"] >= 2 for r in recs)
    assert all(r["origin"] is not None and 0 <= r["conf"] <= 1 for r in recs)
    # every member of a story is linked to it, and its reconstructed parents are inside the graph
    recs, _, _ = clean_db.execute_query(
        "MATCH (s:Story)<-[:PART_OF]-(p) WITH s, count(p) AS n RETURN sum(CASE WHEN n = s.size THEN 0 ELSE 1 END) AS bad")
    assert recs[0]["bad"] == 0
    recs, _, _ = clean_db.execute_query(
        "MATCH (a:Account) WHERE a.influence_run = $id RETURN count(a) AS n, min(a.rank) AS r1, "
        "count(a.community_id) AS c", id=s1.run_id("influence"))
    assert recs[0]["n"] == s1.n_accounts and recs[0]["r1"] == 1 and recs[0]["c"] == recs[0]["n"]
    amp1, _, _ = clean_db.execute_query("MATCH ()-[r:AMPLIFIES]->() RETURN count(r) AS n, collect(DISTINCT r.run) AS runs")
    assert amp1[0]["n"] > 0 and amp1[0]["runs"] == [s1.run_id("influence")]
    recs, _, _ = clean_db.execute_query(
        "MATCH (k:Ranking {scope: 'all'})-[x:RANKS]->(a:Account) RETURN x.rank AS rank, a.rank AS arank "
        "ORDER BY rank LIMIT 3")
    assert [r["rank"] for r in recs] == [1, 2, 3] and [r["arank"] for r in recs] == [1, 2, 3]
    recs, _, _ = clean_db.execute_query("MATCH (k:Ranking) RETURN collect(DISTINCT k.scope) AS scopes")
    assert {"all", "window", "platform", "community"} <= set(recs[0]["scopes"])
    assert reader.read("read/server_version")

    # a second run replaces the derived relationships; same seed → same communities and stories
    s2 = run_analysis(clean_db, params)
    amp2, _, _ = clean_db.execute_query("MATCH ()-[r:AMPLIFIES]->() RETURN count(r) AS n, collect(DISTINCT r.run) AS runs")
    assert amp2[0]["n"] == amp1[0]["n"] and amp2[0]["runs"] == [s2.run_id("influence")]
    assert s2.n_stories == s1.n_stories and s2.n_communities == s1.n_communities
    recs, _, _ = clean_db.execute_query(
        "MATCH ()-[r:PART_OF|IN_COMMUNITY|CASCADE_PARENT|RANKS]->() RETURN collect(DISTINCT r.run) AS runs")
    assert set(recs[0]["runs"]) <= {s2.run_id(k) for k in ("cascades", "communities", "influence")}
    recs, _, _ = clean_db.execute_query("MATCH (k:Ranking) RETURN collect(DISTINCT k.run) AS runs")
    assert recs[0]["runs"] == [s2.run_id("influence")]


def test_empty_window_is_a_clean_run(clean_db):
    now = datetime.now(TZ)
    s = run_analysis(clean_db, AnalysisParams(since=now - timedelta(days=1), until=now))
    assert s.status == "done" and s.n_events == 0 and s.n_stories == 0


def test_one_fingerprint_from_both_loaders_and_tone_variant_copy_joins_the_story(clean_db, tmp_path):
    """An article (crawler pipeline rows) and a post (social importer) with the same text carry the same stored
    fingerprint; a post copying the article in the other tone spelling, with no link and no parent, is put in
    the article's story by the analysis run (through the stored fingerprint, not the text)."""
    import json

    from etl.extraction.article import ArticleRecord
    from etl.items import PageItem
    from etl.pipelines import NearDuplicatePipeline, article_rows
    from etl.social_import import import_social
    from etl.state import StateStore
    from nlp.fingerprint import fingerprint

    title = "Thủy điện Hòa Bình mở thêm cửa xả đáy"
    lead = "Ủy ban nhân dân tỉnh đề nghị người dân vùng hạ du sông Đà chủ động phòng tránh."
    body = "Sáng nay, thủy điện Hòa Bình mở thêm một cửa xả đáy; người dân không đánh bắt cá gần đập thủy điện."
    old_style = {"Thủy": "Thuỷ", "thủy": "thuỷ", "Hòa": "Hoà", "Ủy": "Uỷ"}
    copy_text = "Nghe nói " + " ".join((title, lead, body)) + " 😱"
    for new, old in old_style.items():
        copy_text = copy_text.replace(new, old)
    url = "https://baophutho.vn/thuy-dien-xa-day-1.htm"
    item = PageItem(url=url, final_url=url, status=200, headers={}, body=b"", captured_at="2025-07-01T08:00:00+07:00",
                    detected_at="2025-07-01T08:00:00+07:00")
    item.record = ArticleRecord(url=url, canonical_url=url, outlet_id="baophutho.vn", title=title, lead=lead,
                                text=body, published_at="2025-07-01T08:00:00+07:00").to_dict()
    item = NearDuplicatePipeline(StateStore(tmp_path / "state.sqlite"), threshold=0.6).process_item(item)
    w = GraphWriter(clean_db)
    for stmt, rows in article_rows(item, set()).items():
        w.write(stmt, rows)
    export = tmp_path / "export.jsonl"
    lines = [{"type": "account", "platform": "facebook", "handle": h, "followers": 5000} for h in ("an", "binh")]
    lines += [{"type": "post", "platform": "facebook", "post_id": "1", "account": "an", "kind": "post",
               "created_at": "2025-07-01T09:00:00+07:00", "text": f"{title}\n{lead}\n{body}"},
              {"type": "post", "platform": "facebook", "post_id": "2", "account": "binh", "kind": "post",
               "created_at": "2025-07-01T10:00:00+07:00", "text": copy_text}]
    export.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    assert import_social(export, w.write).errors == 0

    recs, _, _ = clean_db.execute_query(
        "MATCH (n) WHERE n:Article OR n:Post RETURN n.id AS id, n.fingerprint AS fp ORDER BY id")
    fps = {r["id"]: r["fp"] for r in recs}
    assert fps[url] == fps["facebook:1"] == fingerprint(title, lead, body) and len(fps[url]) == 256
    assert fps["facebook:2"] == fingerprint(copy_text)

    params = AnalysisParams(since=datetime(2025, 6, 30, tzinfo=TZ), until=datetime(2025, 7, 2, tzinfo=TZ), seed=1,
                            stability_runs=1)
    run_analysis(clean_db, params)
    recs, _, _ = clean_db.execute_query(
        "MATCH (n)-[:PART_OF]->(s:Story) WHERE n:Article OR n:Post RETURN n.id AS id, s.id AS story")
    stories = {r["id"]: r["story"] for r in recs}
    assert stories.get(url) is not None
    assert stories.get("facebook:1") == stories.get("facebook:2") == stories[url]


def test_stories_carry_the_one_sentiment_value(clean_db):
    """Each story stores ``sentiment_score`` = mean of its items' signed scores, ``sentiment`` = the label of that
    mean (never a number) and ``negative_share`` = share of its items labelled negative (common/sentiment.py)."""
    from common.sentiment import label_for

    events, _ = load_synthetic(clean_db, n_stories=6, seed=11)
    scores = {f"facebook:{e['id']}": round(((k * 37) % 200 - 100) / 100, 2) for k, e in enumerate(events)}
    # the items' two stored properties, as the NLP stage writes them (one item left unannotated)
    unannotated = sorted(scores)[0]
    clean_db.execute_query(
        "UNWIND $rows AS row MATCH (p:Post {id: row.id}) SET p.sentiment_score = row.score, p.sentiment = row.label",
        rows=[{"id": i, "score": s, "label": label_for(s)} for i, s in scores.items() if i != unannotated])
    times = [datetime.fromisoformat(e["created_at"]) for e in events]
    s = run_analysis(clean_db, AnalysisParams(since=min(times) - timedelta(days=1),
                                              until=max(times) + timedelta(days=1), seed=3, stability_runs=1))
    assert s.n_stories >= 3
    recs, _, _ = clean_db.execute_query(
        "MATCH (s:Story)<-[:PART_OF]-(p:Post) RETURN s.id AS id, s.sentiment AS label, s.sentiment_score AS score, "
        "s.negative_share AS neg, collect(p.id) AS items")
    assert len(recs) == s.n_stories
    for r in recs:
        annotated = [scores[i] for i in r["items"] if i != unannotated]
        mean = round(sum(annotated) / len(annotated), 4)
        assert r["score"] == pytest.approx(mean, abs=1e-4), r["id"]
        assert r["label"] == label_for(mean) and isinstance(r["label"], str)
        negative = sum(1 for x in annotated if label_for(x) == "negative")
        assert r["neg"] == pytest.approx(round(negative / len(annotated), 4), abs=1e-4)
    assert {r["label"] for r in recs} <= {"negative", "neutral", "positive"}


def _posts(driver, rows, parents):
    w = GraphWriter(driver)
    accounts = sorted({r["account"] for r in rows})
    w.write("load/accounts", [{"id": f"facebook:{a}", "platform": "facebook", "handle": a, "name": a, "followers": 10,
                               "in_scope": True} for a in accounts])
    w.write("load/posts", [post_rows({"platform": "facebook", **r})[0] for r in rows])
    w.write("load/post_parents", [{"id": f"facebook:{c}", "parent_id": f"facebook:{p}", "rel": "SHARES",
                                   "kind": "share"} for c, p in parents])


def test_two_stories_that_turn_out_to_be_one_keep_the_links_made_to_either(clean_db):
    """A share whose parent was not observed yet starts a story of its own; when the parent arrives the two are
    one story, and what an inspector linked to the second (a refutation) still reaches it by the old id."""
    t0 = datetime(2025, 7, 2, 8, 0, tzinfo=TZ)

    def at(minutes):
        return (t0 + timedelta(minutes=minutes)).isoformat()

    _posts(clean_db, [
        {"post_id": "a1", "account": "u1", "created_at": at(0), "kind": "post",
         "text": "Cảnh báo lũ quét tại xã Đà Bắc, người dân cần di dời khỏi khu vực ven suối ngay trong đêm nay"},
        {"post_id": "a2", "account": "u2", "created_at": at(10), "kind": "share", "text": ""},
        {"post_id": "b1", "account": "u3", "created_at": at(60), "kind": "share",
         "text": "Mọi người ở ven suối chú ý, nước đang lên rất nhanh, ai cần giúp đỡ thì gọi ngay cho xã"},
        {"post_id": "b2", "account": "u4", "created_at": at(70), "kind": "share", "text": ""},
        {"post_id": "r1", "account": "u5", "created_at": at(120), "kind": "post",
         "text": "Thông tin chính thức từ UBND xã Đà Bắc về tình hình mưa lũ trong đêm qua và công tác di dời"},
    ], [("a2", "a1"), ("b2", "b1")])
    params = AnalysisParams(since=t0 - timedelta(days=1), until=t0 + timedelta(days=1), seed=1)
    run_analysis(clean_db, params)
    reader = GraphReader(clean_db)
    first = {r["id"] for r in clean_db.execute_query("MATCH (s:Story) RETURN s.id AS id").records}
    assert {"story:facebook:a1", "story:facebook:b1"} <= first
    GraphWriter(clean_db).write("load/refutations", [{"story_id": "story:facebook:b1", "item_id": "facebook:r1",
                                                      "linked_by": "thanh.tra", "linked_at": at(130)}])
    # the missing parent is observed: b1 reshared a3, a share of a1
    _posts(clean_db, [{"post_id": "a3", "account": "u6", "created_at": at(30), "kind": "share", "text": ""}],
           [("a3", "a1"), ("b1", "a3")])
    summary = run_analysis(clean_db, params)
    assert summary.stories_merged == 1
    members = clean_db.execute_query(
        "MATCH (p:Post)-[:PART_OF]->(s:Story) RETURN s.id AS s, collect(p.id) AS ps").records
    assert len(members) == 1 and members[0]["s"] == "story:facebook:a1"
    assert set(members[0]["ps"]) >= {"facebook:a1", "facebook:a3", "facebook:b1", "facebook:b2"}
    old = reader.read("read/story_detail", {"id": "story:facebook:b1"})[0]["story"]
    assert old["id"] == "story:facebook:a1" and old["merged_from"] == "story:facebook:b1"
    refuted = clean_db.execute_query("MATCH (:Post {id: 'facebook:r1'})-[r:REFUTES]->(s:Story) "
                                     "RETURN collect(s.id) AS s").records[0]["s"]
    assert "story:facebook:a1" in refuted
    listed = reader.read("read/stories_page", {"q": None, "status": None, "sentiment": None, "min_crisis": None,
                                               "since": None, "sort": "recent", "skip": 0, "limit": 50})
    assert "story:facebook:b1" not in {r["id"] for r in listed}
    # a third run changes nothing more
    assert run_analysis(clean_db, params).stories_merged == 0


def test_pen_names_resolve_to_one_journalist_with_the_evidence(clean_db):
    """'Công Vinh' and 'Nguyễn Công Vinh' sign at the same paper: after the run the byline is SAME_AS the full name,
    with the reason; the same short byline at another paper stays its own."""
    from etl.extraction.bylines import journalist_id

    now = datetime.now(TZ)
    w = GraphWriter(clean_db)

    def art(i: str, outlet: str, author: str) -> dict:
        return {"id": f"https://{outlet}/{i}", "url": f"https://{outlet}/{i}", "title": f"Bài {i}", "lead": None,
                "text": "x", "published_at": (now - timedelta(hours=2)).isoformat(), "modified_at": None,
                "detected_at": now.isoformat(), "section": None, "language": "vi", "tags": [], "content_hash": i,
                "evidence_sha256": None, "relevance": 1.0, "relevance_reasons": [], "concerns_province": True,
                "outlet_id": outlet, "outlet_name": None, "authors": [{"id": journalist_id(author), "name": author}]}

    w.write("load/articles", [art("1", "baophutho.vn", "Công Vinh"), art("2", "baophutho.vn", "Nguyễn Công Vinh"),
                              art("3", "baophutho.vn", "Nguyễn Công Vinh"), art("4", "dantri.com.vn", "Công Vinh")])
    s = run_analysis(clean_db, AnalysisParams(since=now - timedelta(days=1), until=now + timedelta(minutes=1)))
    assert s.status == "done" and s.pen_names == 1
    recs, _, _ = clean_db.execute_query(
        "MATCH (a:Journalist)-[s:SAME_AS]->(c:Journalist) RETURN a.id AS a, c.id AS c, s.reason AS reason, "
        "s.outlet_id AS outlet")
    assert [(r["a"], r["c"], r["outlet"]) for r in recs] == [
        ("journalist:cong-vinh", "journalist:nguyen-cong-vinh", "baophutho.vn")]
    assert "Nguyễn Công Vinh" in recs[0]["reason"] and "(1 bài)" in recs[0]["reason"]


def test_time_less_items_and_what_hangs_off_them_join_the_story(clean_db):
    """A reply exported without its date, and a dated share of a share that lost its date, join the story they
    answer (both were in no story: the planted rumour lost items this way); metrics stay those of the timed items."""
    now = datetime.now(TZ)
    w = GraphWriter(clean_db)
    w.write("load/accounts", [{"id": f"facebook:{a}", "platform": "facebook", "handle": a, "name": a,
                               "followers": 10, "in_scope": True} for a in ("a", "b", "c", "d", "e")])
    rumour = "Cảnh báo: chiều nay có xe lạ bắt trẻ con ở Thanh Ba, phụ huynh đừng cho con ra đường một mình"
    base = [post_rows({"platform": "facebook", "post_id": "p1", "account": "a", "kind": "post", "text": rumour,
                       "created_at": (now - timedelta(hours=3)).isoformat()})[0],
            post_rows({"platform": "facebook", "post_id": "p2", "account": "b", "kind": "share", "text": "",
                       "created_at": (now - timedelta(hours=2)).isoformat()})[0],
            post_rows({"platform": "facebook", "post_id": "r1", "account": "c", "kind": "reply",
                       "text": "Tin vịt thôi"})[0],
            post_rows({"platform": "facebook", "post_id": "s1", "account": "d", "kind": "share",
                       "text": "Thật không vậy?"})[0],
            post_rows({"platform": "facebook", "post_id": "s2", "account": "e", "kind": "share", "text": "Sợ quá",
                       "created_at": (now - timedelta(hours=1)).isoformat()})[0]]
    for r in base:
        r["observed_at"] = now.isoformat()
    w.write("load/posts", base)
    w.write("load/post_parents", [
        {"id": "facebook:p2", "parent_id": "facebook:p1", "rel": "SHARES", "kind": "share"},
        {"id": "facebook:r1", "parent_id": "facebook:p1", "rel": "REPLIES_TO", "kind": "reply"},
        {"id": "facebook:s1", "parent_id": "facebook:p1", "rel": "SHARES", "kind": "share"},
        {"id": "facebook:s2", "parent_id": "facebook:s1", "rel": "SHARES", "kind": "share"}])
    s = run_analysis(clean_db, AnalysisParams(since=now - timedelta(days=1), until=now + timedelta(minutes=1)))
    assert s.status == "done"
    recs = clean_db.execute_query(
        "MATCH (p:Post)-[po:PART_OF]->(st:Story) RETURN p.id AS id, st.id AS story, st.size AS size").records
    assert {r["id"]: r["story"] for r in recs} == {f"facebook:{x}": "story:facebook:p1"
                                                  for x in ("p1", "p2", "r1", "s1", "s2")}
    assert {r["size"] for r in recs} == {2}          # the timed cascade: p1 and its share p2
