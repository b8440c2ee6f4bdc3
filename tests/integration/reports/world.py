"""A small real graph for the report tests, written through the project's own load statements."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from casework.handling import decide
from common.sentiment import label_for
from graph.repository import GraphWriter

AT = datetime(2025, 8, 15, 9, tzinfo=UTC)
TITLE = "Sạt lở ở Hòa Bình <script>alert(1)</script>"
SHA = "b" * 64


def build(driver, database: str = "neo4j") -> None:
    w = GraphWriter(driver, database=database)
    stamp = {"updated_at": AT.isoformat(), "updated_by": "test"}
    w.write("load/registry_outlets", [
        {"id": "baophutho.vn", "name": "Báo Phú Thọ", "kind": "newspaper", "level": "provincial", "licence": None,
         "licence_no": "1/GP", "licence_date": None, "agency": "Tỉnh ủy Phú Thọ", "address": None, "url": None,
         "accounts": [], **stamp},
        {"id": "vnexpress.net", "name": "VnExpress", "kind": "online", "level": "national", "licence": None,
         "licence_no": None, "licence_date": None, "agency": None, "address": None, "url": None, "accounts": [],
         **stamp},
    ])
    arts = [
        ("a1", "baophutho.vn", "2025-08-15T08:00:00+07:00", "Sạt lở nghiêm trọng ở Hòa Bình", "Nguyễn Văn A"),
        ("a2", "vnexpress.net", "2025-08-15T10:00:00+07:00", "Hòa Bình: sạt lở vùi nhà dân", "Trần Thị B"),
        ("a3", "baophutho.vn", "2025-08-15T15:00:00+07:00", "Bác bỏ tin đồn về số người chết", "Nguyễn Văn A"),
        ("a4", "baophutho.vn", "2025-08-10T08:00:00+07:00", "Lễ hội Đền Hùng", "Lê C"),
    ]
    w.write("load/articles", [
        {"id": f"https://{o}/{i}", "url": f"https://{o}/{i}", "title": t, "lead": None, "text": t,
         "published_at": at, "modified_at": None, "detected_at": at, "section": None, "language": "vi",
         "tags": [], "content_hash": i, "evidence_sha256": SHA if i == "a1" else None, "relevance": 1.0,
         "relevance_reasons": [], "concerns_province": True, "outlet_id": o, "outlet_name": None,
         "authors": [{"id": f"byline:{o}:{a}", "name": a}]}
        for i, o, at, t, a in arts])
    place = {"id": "place:hb", "label": "LOC", "name": "Hòa Bình", "count": 1, "current_id": None}
    sent = {"a1": -0.6, "a2": -0.5, "a3": 0.5, "a4": 0.7}
    w.write("load/article_annotations", [
        {"id": f"https://{o}/{i}", "nlp_version": "t", "sentiment": label_for(sent[i]),
         "sentiment_score": sent[i], "topics": ["thien_tai"] if i != "a4" else ["le_hoi"], "relevance": 1.0,
         "relevance_reasons": [], "concerns_province": True, "fingerprint": None,
         "mentions": [place] if i in ("a1", "a2") else []} for i, o, *_ in arts])
    w.write("load/accounts", [
        {"id": f"facebook:{h}", "platform": "facebook", "handle": h, "name": n, "followers": f, "kind": None,
         "verified": False, "created_at": c, "observed_at": AT.isoformat(), "in_scope": True, "outlet": None}
        for h, n, f, c in [("small", "Người dân", 300, "2019-01-01T00:00:00+07:00"),
                           ("big", "Trang lớn", 250_000, "2018-01-01T00:00:00+07:00"),
                           ("new1", "Mới 1", 10, "2025-08-10T00:00:00+07:00"),
                           ("new2", "Mới 2", 12, "2025-08-14T00:00:00+07:00")]])
    posts = [("p1", "small", "07:00"), ("p2", "big", "07:30"), ("p3", "new1", "08:00"), ("p4", "new2", "08:10")]
    w.write("load/posts", [
        {"id": f"facebook:{p}", "platform": "facebook", "post_id": p, "account_id": f"facebook:{a}",
         "created_at": f"2025-08-15T{t}:00+07:00", "kind": "post", "text": f"Tin {p}: {TITLE}", "url": None,
         "links": [], "shared_url": None, "likes": 10, "shares": 5, "comments": 1, "views": None,
         "observed_at": AT.isoformat(), "time_missing": False} for p, a, t in posts])
    w.write("load/post_annotations", [
        {"id": f"facebook:{p}", "nlp_version": "t", "sentiment": "negative",
         "sentiment_score": -0.7, "topics": ["thien_tai"], "relevance": 1.0, "relevance_reasons": [],
         "concerns_province": True, "fingerprint": None, "mentions": [place]} for p, *_ in posts])
    w.write("load/analysis_run_start", [{"id": "run1", "kind": "cascades", "batch": "b", "at": AT.isoformat(),
                                         "params": "{}", "code_version": "t", "window_start": AT.isoformat(),
                                         "window_end": AT.isoformat()}])
    w.write("load/stories", [{
        "id": "s1", "run": "run1", "title": TITLE, "first_seen_at": "2025-08-15T07:00:00+07:00",
        "last_seen_at": "2025-08-15T10:00:00+07:00", "size": 6, "depth": 2, "breadth": 3, "virality": 1.5,
        "speed_per_hour": 2.0, "items_per_hour": 2.0, "reach": 250_322, "time_to_10_s": None, "time_to_100_s": None, "time_to_1000_s": None,
        "origin_post_id": "facebook:p1", "origin_article_id": None, "origin_account": "facebook:small",
        "origin_confidence": 0.8, "origin_unobserved": False, "origin_reasons": [], "origin_candidates": "[]", "growth": "[]",
        "community_share": None, "negative_share": 0.9, "sentiment": "negative", "sentiment_score": -0.6}])
    members = [("facebook:p1", None), ("facebook:p2", "facebook:p1"), ("facebook:p3", "facebook:p2"),
               ("facebook:p4", "facebook:p2"), ("https://baophutho.vn/a1", None),
               ("https://vnexpress.net/a2", "https://baophutho.vn/a1")]
    w.write("load/story_members", [{"item_id": i, "story_id": "s1", "run": "run1", "parent_id": p,
                                    "confidence": 1.0,
                                    "how": "share" if p else None} for i, p in members])
    w.write("load/coordination_groups", [{
        "id": "g1", "run": "run1", "size": 2, "window_s": 600, "by": "same_link", "n_keys": 3, "evidence": "[]",
        "accounts": ["facebook:new1", "facebook:new2"],
        "edges": [{"source": "facebook:new1", "target": "facebook:new2", "weight": 3}]}])
    w.write("load/decisions", [decide("s1", "refute", by="thanh.tra", at=AT, recommended="watch",
                                      verdict="false").as_row()])
    w.write("load/refutations", [{"story_id": "s1", "item_id": "https://baophutho.vn/a3", "linked_by": "thanh.tra",
                                  "linked_at": AT.isoformat()}])
    w.write("load/cases", [{
        "id": "case:1", "title": "Đăng tin chưa kiểm chứng", "violation": "Điều 9 Luật Báo chí", "legal_basis": None,
        "status": "open", "opened_at": AT.isoformat(), "opened_by": "thanh.tra", "closed_at": None, "notes": None,
        "history": json.dumps([]), "outlets": ["vnexpress.net"], "journalists": [], "accounts": ["facebook:big"],
        "articles": ["https://vnexpress.net/a2"], "posts": [], "evidence_sha256": [SHA], **stamp}])
    w.write("load/feedback", [{
        "id": "feedback:1", "received_at": AT.isoformat(), "status": "new", "category": "false_information",
        "subject_kind": "outlet", "subject_id": "vnexpress.net", "subject_text": None,
        "message": "Bài báo đưa sai số người bị nạn.", "fingerprint": "fp1", "ip_hash": "ip", "resolution": None,
        "history": "[]", "contact": {"name": "Công dân X", "email": "x@example.vn", "phone": "0912345678"},
        **stamp}])
    w.write("load/alerts", [{
        "id": "alert:1", "created_at": AT.isoformat(), "level": 3, "kind": "pickup", "title": "Tin lan rộng",
        "reasons": ["Báo trung ương đã đăng lại."], "status": "open", "scope": "story:s1", "score": 1.0,
        "story_id": "s1", "subject_id": "s1", "subject_label": "story", "stage": "spreading", "run_id": None}])
