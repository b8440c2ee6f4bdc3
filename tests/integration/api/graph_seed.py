"""A small, deterministic graph with stored analysis results, written through the project's own load
statements (GraphWriter), for the API tests and the API benchmark. Crawled texts include XSS payloads."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import neo4j

from graph.repository import GraphWriter

XSS_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">Tin đồn bắt cóc trẻ em'
XSS_NAME = '<img src=x onerror="window.__xss=3">Người dùng lạ'
PASSWORD = "mat-khau-thu-nghiem-1"
ROLES = ("analyst", "investigator", "inspector", "police_liaison", "press_officer", "admin")


@dataclass
class Seeded:
    batch: str
    story_ids: list[str]
    false_story: str
    account_ids: list[str]
    person_account: str
    xss_account: str
    official_account: str
    article_ids: list[str]
    origin_article: str
    community_ids: list[str]
    place_id: str
    counts: dict[str, int] = field(default_factory=dict)


def _iso(dt: datetime) -> str:
    return dt.isoformat()


def seed(driver: neo4j.Driver, *, database: str = "neo4j", evidence_dir: Path | None = None,
         n_accounts: int = 60, posts_per_account: int = 3, n_stories: int = 2, seed_value: int = 7,
         batch_size: int = 2000, now: datetime | None = None) -> Seeded:
    rng = random.Random(seed_value)
    now = now or datetime.now(UTC)
    w = GraphWriter(driver, database=database, batch_size=batch_size)
    batch = "b-test"
    runs = {k: f"{batch}:{k}" for k in ("cascades", "influence", "communities")}

    outlets = [{"id": "baophutho.vn", "name": "Báo Phú Thọ", "kind": "newspaper", "level": "provincial"},
               {"id": "vnexpress.net", "name": "VnExpress", "kind": "newspaper", "level": "national"},
               {"id": "tinnong.example", "name": "Tin Nóng <b>24h</b>", "kind": "site", "level": "none"}]
    w.write("load/outlets", outlets)

    # evidence for the origin article
    origin_html = f"<html><head><title>{XSS_TITLE}</title></head><body>Bài gốc</body></html>".encode()
    sha, capture = None, None
    if evidence_dir is not None:
        from etl.evidence import EvidenceStore

        capture = EvidenceStore(evidence_dir).store(origin_html, url="http://tinnong.example/bai-goc",
                                                    captured_at=now - timedelta(hours=20))
        sha = capture.sha256

    articles = []
    for i in range(30):
        outlet = outlets[i % 3]
        title = XSS_TITLE if i == 0 else f"Tin tức Phú Thọ số {i}: giao thông Việt Trì"
        articles.append({
            "id": f"art:{i}", "url": f"http://{outlet['id']}/bai-{i}", "outlet_id": outlet["id"],
            "outlet_name": outlet["name"], "title": title, "lead": "Tóm tắt", "text": "Nội dung bài báo về Việt Trì.",
            "published_at": _iso(now - timedelta(hours=20 - i * 0.5)),
            "detected_at": _iso(now - timedelta(hours=20 - i * 0.5)), "concerns_province": True,
            "content_hash": f"h{i}", "evidence_sha256": sha if i == 0 else None, "authors": [],
        })
    w.write("load/articles", articles)
    place_id = "place:viet-tri"
    w.write("load/article_annotations", [{
        "id": a["id"], "nlp_version": "test", "sentiment_score": -0.6 if i % 3 == 0 else 0.3,
        "sentiment": "negative" if i % 3 == 0 else "positive", "topics": ["giao_thong"], "relevance": 0.9,
        "concerns_province": True,
        "mentions": [{"id": place_id, "label": "LOC", "name": "Việt Trì", "count": 1},
                     {"id": "org:ubnd-phu-tho", "label": "ORG", "name": "UBND tỉnh Phú Thọ", "count": 1}],
    } for i, a in enumerate(articles)])
    if capture is not None:
        w.write("load/captures", [{"article_id": "art:0", "capture_id": capture.capture_id, "sha256": sha,
                                   "url": capture.url, "final_url": capture.final_url, "status": 200,
                                   "captured_at": capture.captured_at, "size": capture.size}])

    accounts = []
    for i in range(n_accounts):
        kind = "official" if i < 2 else ("page" if i < 5 else "person")
        name = XSS_NAME if i == 7 else f"Tài khoản {i}"
        accounts.append({"id": f"facebook:user{i}", "platform": "facebook" if i % 4 else "tiktok",
                         "handle": f"user{i}", "name": name, "followers": rng.randint(50, 200_000) if i > 1 else 412_000,
                         "kind": kind, "verified": i < 2, "observed_at": _iso(now), "in_scope": True,
                         "outlet": "baophutho.vn" if i == 3 else None})
    w.write("load/accounts", accounts)
    ids = [a["id"] for a in accounts]

    posts, parents, story_of = [], [], {}
    t0 = now - timedelta(hours=10)
    post_ids: list[str] = []
    for i, acc in enumerate(ids):
        for k in range(posts_per_account):
            pid = f"facebook:p{i}_{k}"
            created = t0 + timedelta(minutes=rng.randint(0, 540))
            s = rng.randrange(n_stories)
            posts.append({"id": pid, "platform": "facebook", "post_id": f"p{i}_{k}", "account_id": acc,
                          "created_at": _iso(created), "kind": "share" if post_ids else "post",
                          "text": XSS_TITLE if (i, k) == (0, 0) else f"Chia sẻ tin {s} từ {acc}",
                          "url": f"https://facebook.example/{pid}", "likes": rng.randint(0, 500),
                          "shares": rng.randint(0, 100), "comments": rng.randint(0, 50), "views": 1000})
            story_of[pid] = s
            post_ids.append(pid)
    posts.sort(key=lambda p: p["created_at"])
    recent: dict[int, list[str]] = {}
    for p in posts:
        same = recent.setdefault(story_of[p["id"]], [])
        if same:
            parents.append({"id": p["id"], "parent_id": rng.choice(same), "rel": "SHARES", "kind": "share"})
        same.append(p["id"])
        if len(same) > 20:
            same.pop(0)
    w.write("load/posts", posts)
    w.write("load/post_parents", parents)
    w.write("load/post_annotations", [{
        "id": p["id"], "nlp_version": "test", "sentiment_score": -0.5 if story_of[p["id"]] == 0 else 0.2,
        "sentiment": "negative" if story_of[p["id"]] == 0 else "neutral", "topics": ["giao_thong"],
        "relevance": 0.8, "concerns_province": True,
        "mentions": [{"id": place_id, "label": "LOC", "name": "Việt Trì", "count": 1}],
    } for p in posts])

    at = _iso(now - timedelta(minutes=5))
    w.write("load/analysis_run_start", [{"id": r, "kind": k, "batch": batch, "at": at, "params": "{}",
                                         "code_version": "test", "window_start": _iso(now - timedelta(days=30)),
                                         "window_end": _iso(now)} for k, r in runs.items()])

    n_comm = 3
    comm_ids = [f"{runs['communities']}:{c}" for c in range(n_comm)]
    comm_of = {a: comm_ids[i % n_comm] for i, a in enumerate(ids)}
    w.write("load/communities", [{"id": c, "run": runs["communities"], "index": k,
                                  "size": sum(1 for v in comm_of.values() if v == c), "modularity": 0.4,
                                  "label": f"Nhóm {k} <i>chia sẻ</i>", "top_terms": ["giao thông"],
                                  "top_accounts": [a for a in ids if comm_of[a] == c][:5], "method": "leiden",
                                  "seed": 0} for k, c in enumerate(comm_ids)])
    w.write("load/community_members", [{"member_id": a, "community_id": comm_of[a], "run": runs["communities"],
                                        "stability": 0.9} for a in ids])
    pr = {a: 1.0 / (i + 1) for i, a in enumerate(ids)}
    total_pr = sum(pr.values())
    infl = [{"id": a, "run": runs["influence"], "pagerank": pr[a] / total_pr, "rank": i + 1,
             "influence": pr[a] / pr[ids[0]], "bridge": rng.random(), "kcore": rng.randint(1, 5),
             "reach": rng.randint(10, 10_000), "engagement": rng.randint(0, 5000), "amplification": rng.randint(0, 50),
             "spread": rng.randint(0, 50), "community_id": comm_of[a], "community_stability": 0.9,
             "coordination_group": None} for i, a in enumerate(ids)]
    w.write("load/account_influence", infl)

    def entries(accs: list[str]) -> list[dict]:
        return [{"account": a, "rank": r + 1, "score": pr[a] / total_pr, "pagerank": pr[a] / total_pr,
                 "reach": 10, "engagement": 5, "amplification": 1, "bridge": 0.1, "kcore": 2}
                for r, a in enumerate(sorted(accs, key=lambda x: -pr[x]))]

    ri = runs["influence"]
    rankings = [{"id": f"{ri}:all:all", "run": ri, "scope": "all", "window": "all", "entries": entries(ids)},
                {"id": f"{ri}:window:24h", "run": ri, "scope": "window", "window": "24h", "entries": entries(ids[::2])},
                {"id": f"{ri}:platform:tiktok", "run": ri, "scope": "platform", "window": "all", "platform": "tiktok",
                 "entries": entries([a["id"] for a in accounts if a["platform"] == "tiktok"])},
                {"id": f"{ri}:topic:giao_thong", "run": ri, "scope": "topic", "window": "all", "topic": "giao_thong",
                 "entries": entries(ids[:20])}]
    rankings += [{"id": f"{ri}:community:{c}", "run": ri, "scope": "community", "window": "all", "community_id": c,
                  "entries": entries([a for a in ids if comm_of[a] == c])} for c in comm_ids]
    w.write("load/rankings", rankings, batch_size=1)

    amp: dict[tuple[str, str], int] = {}
    owner = {p["id"]: p["account_id"] for p in posts}
    for par in parents:
        s, t = owner[par["id"]], owner[par["parent_id"]]
        if s != t:
            amp[(s, t)] = amp.get((s, t), 0) + 1
    w.write("load/amplifies", [{"source": s, "target": t, "count": c, "first_at": at, "run": runs["influence"]}
                               for (s, t), c in amp.items()])

    story_ids = [f"story:{k}" for k in range(n_stories)]
    rows, members = [], []
    by_story: dict[int, list[dict]] = {}
    for p in posts:
        by_story.setdefault(story_of[p["id"]], []).append(p)
    parent_of = {p["id"]: p["parent_id"] for p in parents}
    for k, sid in enumerate(story_ids):
        items = by_story.get(k, [])
        first = items[0]
        rows.append({"id": sid, "run": runs["cascades"], "title": XSS_TITLE if k == 0 else f"Câu chuyện {k}",
                     "first_seen_at": first["created_at"], "last_seen_at": items[-1]["created_at"],
                     "size": len(items) + (1 if k == 0 else 0), "depth": 4, "breadth": 5, "virality": 2.5,
                     "speed_per_hour": 12.5 - k, "items_per_hour": 10.0, "reach": len({p["account_id"] for p in items}),
                     "origin_post_id": None if k == 0 else first["id"],
                     "origin_article_id": "art:0" if k == 0 else None,
                     "origin_account": first["account_id"], "origin_confidence": 0.82, "origin_unobserved": False,
                     "origin_reasons": ["sớm nhất", "nhiều lượt chia sẻ"],
                     "origin_candidates": json.dumps([{"id": first["id"], "account": first["account_id"], "score": 0.82}]),
                     "growth": json.dumps([[0, 1], [1, 5], [3, 12], [6, len(items)]]),
                     "community_share": "{}", "negative_share": 0.9 if k == 0 else 0.1,
                     "sentiment": "negative" if k == 0 else "neutral",  # the label and mean score (common.sentiment)
                     "sentiment_score": -0.55 if k == 0 else 0.05})
        for p in items:
            members.append({"item_id": p["id"], "story_id": sid, "run": runs["cascades"],
                            "parent_id": parent_of.get(p["id"]), "how": "share", "confidence": 1.0})
        if k == 0:
            members.append({"item_id": "art:0", "story_id": sid, "run": runs["cascades"], "parent_id": None})
    w.write("load/stories", rows)
    w.write("load/story_members", members)
    w.write("load/story_warning", [{"story_id": story_ids[0], "stage": "spreading", "crisis_level": 3,
                                    "crisis_reasons": ["lan nhanh", "tài khoản > 100.000 người theo dõi"],
                                    "recommended": "refute", "handling_reasons": ["sai sự thật đang lan"],
                                    "assessed_at": at}])
    w.write("load/alerts", [
        {"id": "alert:1", "created_at": at, "level": 3, "kind": "story_speed", "title": XSS_TITLE,
         "reasons": ["tốc độ 12,5 mục/giờ"], "status": "open", "story_id": story_ids[0], "run_id": batch},
        {"id": "alert:2", "created_at": at, "level": 1, "kind": "volume", "title": "Khối lượng tăng ở Việt Trì",
         "reasons": ["gấp 3 lần nền"], "status": "open", "subject_id": place_id, "subject_label": "Place",
         "run_id": batch},
    ])
    w.write("load/analysis_run_finish", [{"id": r, "status": "done", "finished_at": _iso(now), "seconds": 1.0}
                                         for r in runs.values()])
    return Seeded(batch=batch, story_ids=story_ids, false_story=story_ids[0], account_ids=ids,
                  person_account=ids[10], xss_account=ids[7], official_account=ids[0],
                  article_ids=[a["id"] for a in articles], origin_article="art:0", community_ids=comm_ids,
                  place_id=place_id, counts={"posts": len(posts), "accounts": len(ids)})


def add_users(driver: neo4j.Driver, *, database: str = "neo4j") -> dict[str, str]:
    """One user per role (username = role name), all with :data:`PASSWORD`; returns {role: api key}."""
    from api.auth import UserStore, ensure_auth_schema

    ensure_auth_schema(driver, database=database)
    store = UserStore(driver, database=database)
    keys = {}
    for role in ROLES:
        store.add_user(role, PASSWORD, [role], name=f"Cán bộ {role}")
        keys[role] = store.add_api_key(role, f"khoá {role}", [role])[1]
    return keys
