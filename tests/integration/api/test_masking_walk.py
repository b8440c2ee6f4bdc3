"""One masking rule everywhere: a private person's account with unique strings (id/handle, name) is planted in the
seeded graph — in a ranking, a community's label/top terms/top accounts, a story it started, a cascade, the maps,
a case and a citizen's feedback — then EVERY GET operation of the OpenAPI schema (each named report separately)
and every page is called with each role's token, path parameters filled with the planted ids. Roles that may not
see personal data must never receive the unique strings, in any encoding; roles that may see them must have been
audited when they did.

The table operations × role × (status, shows personal data, masked, audited) is written to the pytest temporary
directory (its path is printed) as ``masking_walk.tsv`` and ``masking_walk.md``."""

from __future__ import annotations

import html
import json
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from neo4j_support import api_client

from api.auth import PERSONAL_DATA_ROLES, Role
from graph.repository import GraphWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from graph_seed import PASSWORD, ROLES, add_users, seed  # noqa: E402

pytestmark = pytest.mark.integration

HANDLE = "zq7riengtu"                      # unique: also inside the account id, its posts' ids and URLs
PRIV = f"facebook:{HANDLE}"
NAME = "Nguyễn Thị Zq7 Riêng Tư"           # unique display name (NFC)
NAME_KEY = "Zq7 Riêng Tư"
STORY = "story:zq7"
POSTS = [f"facebook:{HANDLE}_p{i}" for i in range(3)]
SEERS = {r.value for r in PERSONAL_DATA_ROLES}
SECRET = "masking-walk-secret-Xq9Lm2Rk7Tz4Pw8Ny1Hs6Jd"
FAST = {"LANTOA_AUTH_ARGON2_TIME_COST": "1", "LANTOA_AUTH_ARGON2_MEMORY_KIB": "8192",
        "LANTOA_AUTH_RATE_PER_S": "100000", "LANTOA_AUTH_RATE_BURST": "100000", "LANTOA_AUTH_LOGIN_PER_MIN": "6000",
        "LANTOA_AUTH_PUBLIC_PER_MIN": "6000"}
# pages are HTML for browsers, outside the OpenAPI schema: walked too
PAGES = ["/", "/trang/cau-chuyen", "/trang/cau-chuyen/{story_id}", "/trang/tai-khoan/{account_id}",
         "/trang/bao-cao", "/trang/bao-cao-bao-chi"]


def _variants(s: str) -> set[str]:
    """The forms a string takes in JSON, HTML, inline scripts and URLs."""
    out = {s, s.casefold(), html.escape(s), json.dumps(s)[1:-1], json.dumps(s, ensure_ascii=True)[1:-1],
           quote(s), quote(s, safe="")}
    out |= {html.escape(v) for v in list(out)}
    return {v for v in out if v}


NEEDLES = _variants(HANDLE) | _variants(NAME_KEY) | _variants(NAME)


def shows_personal(body: str) -> bool:
    low = body.casefold()
    return any(n in body or n.casefold() in low for n in NEEDLES)


def plant(driver, database: str, seeded) -> dict[str, str]:
    """The private account and everything that carries it, through the project's own load statements."""
    now = datetime.now(UTC)
    w = GraphWriter(driver, database=database)
    batch = seeded.batch
    runs = {k: f"{batch}:{k}" for k in ("cascades", "influence", "communities")}
    w.write("load/accounts", [{"id": PRIV, "platform": "facebook", "handle": HANDLE, "name": NAME,
                               "followers": 990_000, "kind": "person", "verified": False,
                               "observed_at": now.isoformat(), "in_scope": True, "outlet": None}])
    t0 = now - timedelta(hours=3)
    sharer = seeded.account_ids[20]
    posts = [{"id": pid, "platform": "facebook", "post_id": pid.split(":", 1)[1], "account_id": PRIV,
              "created_at": (t0 + timedelta(minutes=10 * i)).isoformat(), "kind": "post" if i == 0 else "share",
              "text": "Tin đồn về giao thông ở Việt Trì", "url": f"https://facebook.example/{HANDLE}/posts/{i}",
              "likes": 300, "shares": 90, "comments": 10, "views": 5000} for i, pid in enumerate(POSTS)]
    share = {"id": "facebook:share_of_zq7", "platform": "facebook", "post_id": "share_of_zq7", "account_id": sharer,
             "created_at": (t0 + timedelta(minutes=40)).isoformat(), "kind": "share",
             "text": "Chia sẻ lại tin đồn", "url": "https://facebook.example/share_of_zq7", "likes": 1, "shares": 0,
             "comments": 0, "views": 10}
    w.write("load/posts", [*posts, share])
    w.write("load/post_parents", [{"id": share["id"], "parent_id": POSTS[0], "rel": "SHARES", "kind": "share"},
                                  {"id": POSTS[1], "parent_id": POSTS[0], "rel": "SHARES", "kind": "share"}])
    w.write("load/post_annotations", [{
        "id": p["id"], "nlp_version": "test", "sentiment_score": -0.7, "sentiment": "negative",
        "topics": ["giao_thong"], "relevance": 0.9, "concerns_province": True,
        "mentions": [{"id": seeded.place_id, "label": "LOC", "name": "Việt Trì", "count": 1}],
    } for p in [*posts, share]])
    w.write("load/stories", [{
        "id": STORY, "run": runs["cascades"], "title": "Tin đồn giao thông Việt Trì",
        "first_seen_at": posts[0]["created_at"], "last_seen_at": share["created_at"], "size": 4, "depth": 2,
        "breadth": 2, "virality": 1.5, "speed_per_hour": 30.0, "items_per_hour": 20.0, "reach": 2,
        "origin_post_id": POSTS[0], "origin_article_id": None, "origin_account": PRIV, "origin_confidence": 0.9,
        "origin_unobserved": False, "origin_reasons": ["sớm nhất"],
        "origin_candidates": json.dumps([{"id": POSTS[0], "account": PRIV, "score": 0.9}]),
        "growth": json.dumps([[0, 1], [1, 4]]), "community_share": "{}", "negative_share": 1.0,
        "sentiment": "negative", "sentiment_score": -0.7}])
    w.write("load/story_members", [
        *({"item_id": pid, "story_id": STORY, "run": runs["cascades"], "parent_id": None if i == 0 else POSTS[0],
           "how": "share", "confidence": 1.0} for i, pid in enumerate(POSTS)),
        {"item_id": share["id"], "story_id": STORY, "run": runs["cascades"], "parent_id": POSTS[0], "how": "share",
         "confidence": 1.0}])
    community = seeded.community_ids[0]
    w.write("load/communities", [{
        "id": community, "run": runs["communities"], "index": 0, "size": 21, "modularity": 0.4,
        "label": f"Cộng đồng 1: quanh {NAME}, Tài khoản 0", "top_terms": [NAME, "Tài khoản 0", "giao thông"],
        "top_accounts": [PRIV, seeded.official_account], "method": "leiden", "seed": 0}])
    w.write("load/community_members", [{"member_id": PRIV, "community_id": community, "run": runs["communities"],
                                        "stability": 1.0}])
    w.write("load/account_influence", [{
        "id": PRIV, "run": runs["influence"], "pagerank": 0.5, "rank": 1, "influence": 1.0, "bridge": 0.9,
        "kcore": 5, "reach": 9000, "engagement": 4000, "amplification": 40, "spread": 40, "community_id": community,
        "community_stability": 1.0, "coordination_group": None}])
    entry = {"account": PRIV, "rank": 1, "score": 1.0, "pagerank": 0.5, "reach": 10, "engagement": 5,
             "amplification": 1, "bridge": 0.1, "kcore": 2}
    ri = runs["influence"]
    w.write("load/rankings", [
        {"id": f"{ri}:all:all", "run": ri, "scope": "all", "window": "all", "entries": [entry]},
        {"id": f"{ri}:community:{community}", "run": ri, "scope": "community", "window": "all",
         "community_id": community, "entries": [entry]}], batch_size=1)
    w.write("load/amplifies", [{"source": sharer, "target": PRIV, "count": 7, "first_at": now.isoformat(),
                                "run": ri},
                               {"source": PRIV, "target": seeded.official_account, "count": 3,
                                "first_at": now.isoformat(), "run": ri}])
    w.write("load/alerts", [{"id": "alert:zq7", "created_at": now.isoformat(), "level": 2, "kind": "story_speed",
                             "title": "Câu chuyện lan nhanh: tin đồn giao thông", "reasons": ["30 mục/giờ"],
                             "status": "open", "story_id": STORY, "run_id": batch}])
    return {"story_id": STORY, "account_id": PRIV, "community_id": community, "article_id": seeded.origin_article,
            "entity_id": seeded.place_id, "target_id": PRIV, "topic": "giao_thong"}


@pytest.fixture(scope="module")
def world(neo4j_driver, neo4j_connection, tmp_path_factory):
    db = neo4j_connection[2]
    data = tmp_path_factory.mktemp("masking-walk")
    seeded = seed(neo4j_driver, database=db, evidence_dir=data / "evidence")
    ids = plant(neo4j_driver, db, seeded)
    with api_client(neo4j_connection, LANTOA_AUTH_SECRET_KEY=SECRET, LANTOA_DATA_DIR=str(data), **FAST) as c:
        add_users(neo4j_driver, database=db)
        tokens = {}
        for role in ROLES:
            r = c.post("/auth/token", data={"username": role, "password": PASSWORD})
            assert r.status_code == 200, r.text
            tokens[role] = {"Authorization": f"Bearer {r.json()['access_token']}"}
        r = c.post("/cases", headers=tokens["inspector"],
                   json={"title": "Hồ sơ về tin đồn", "accounts": [PRIV], "posts": [POSTS[0]]})
        assert r.status_code in (200, 201), r.text
        ids["cid"] = r.json()["id"]
        r = c.post("/feedback", json={"subject_kind": "account", "subject_id": PRIV,
                                      "message": "Tài khoản này đăng tin sai sự thật nhiều lần"})
        assert r.status_code in (200, 201, 202), r.text
        ids["fid"] = r.json()["id"]
        yield c, tokens, ids, data


def _audit_seq(client) -> int:
    with client.app.state.driver.session(database=client.app.state.database) as s:
        rec = s.run("MATCH (h:AuditChain) RETURN max(h.seq) AS seq").single()
    return int(rec["seq"] or 0) if rec else 0


def _fill(path: str, ids: dict[str, str]) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: quote(ids.get(m.group(1), "x1"), safe=":"), path)


def _operations(client, ids: dict[str, str], admin: dict[str, str]) -> list[tuple[str, str, dict]]:
    """(operation label, url, query) for every GET in the schema, each report by name, and every page."""
    spec = client.get("/openapi.json").json()
    out = []
    reports = client.get("/reports", headers=admin).json()
    for path, ops in sorted(spec["paths"].items()):
        if "get" not in ops:
            continue
        if path == "/reports/{name}":
            out += [(f"GET {path} [{rep['name']}]", f"/reports/{rep['name']}", {}) for rep in reports]
            continue
        if path == "/reports/{name}/run":
            for rep in reports:
                filled = {p["name"]: ids[p["name"]] for p in rep.get("params") or [] if p["name"] in ids}
                for fmt in ("json", "csv"):  # the data and its export
                    out.append((f"GET {path} [{rep['name']} {fmt}]", f"/reports/{rep['name']}/run",
                                {**filled, "format": fmt}))
            continue
        out.append((f"GET {path}", _fill(path, ids), {}))
    for page in PAGES:
        out.append((f"PAGE {page}", _fill(page, ids), {}))
    return out


def test_no_role_without_the_right_sees_the_planted_person(world, tmp_path_factory):
    client, tokens, ids, data = world
    ops = _operations(client, ids, tokens["admin"])
    assert len(ops) > 40
    alias = auth_pseudonym(client)
    rows, leaks, unaudited, errors = [], [], [], []
    for label, url, params in ops:
        for role in ROLES:
            before = _audit_seq(client)
            r = client.get(url, params=params, headers=tokens[role])
            audited = _audit_seq(client) > before
            body = r.text
            shown = r.status_code < 300 and shows_personal(body)
            masked = r.status_code < 300 and alias in body
            rows.append((label, role, r.status_code, shown, masked, audited))
            if r.status_code >= 500:
                errors.append((label, role, r.status_code, body[:200]))
            if shown and role not in SEERS:
                hit = next(n for n in NEEDLES if n in body or n.casefold() in body.casefold())
                i = body.casefold().find(hit.casefold())
                leaks.append((label, role, hit, body[max(0, i - 120): i + 80]))
            if shown and role in SEERS and not audited:
                unaudited.append((label, role))
    out = tmp_path_factory.getbasetemp() / "masking_walk.tsv"
    with out.open("w", encoding="utf-8") as f:
        f.write("operation\trole\tstatus\tshows_personal\tmasked\taudited\n")
        for row in rows:
            f.write("\t".join(str(x) for x in row) + "\n")
    md = out.with_suffix(".md")
    with md.open("w", encoding="utf-8") as f:
        f.write("| operation | " + " | ".join(ROLES) + " |\n|---|" + "---|" * len(ROLES) + "\n")
        by_op: dict[str, dict[str, tuple]] = {}
        for label, role, status, shown, masked, audited in rows:
            by_op.setdefault(label, {})[role] = (status, shown, masked, audited)
        for label, cells in by_op.items():
            def cell(c: tuple) -> str:
                status, shown, masked, audited = c
                if status >= 300:
                    return str(status)
                what = "PERSONAL" if shown else ("masked" if masked else "-")
                return f"{status} {what}{' audited' if audited else ''}"
            f.write(f"| {label} | " + " | ".join(cell(cells[r]) for r in ROLES) + " |\n")
    print(f"\nmasking walk table: {out}\n                    {md}")
    assert not errors, errors
    assert not leaks, "private person's data shown to roles without the right:\n" + "\n".join(map(str, leaks))
    assert not unaudited, f"personal data shown without an audit event: {unaudited}"
    # the walk is not vacuous: analysts meet the planted account, as its pseudonym, where it is carried ...
    analyst_masked = {label for label, role, status, shown, masked, _ in rows if role == "analyst" and masked}
    for must in ("GET /rankings/influence", "GET /communities", "GET /communities/{community_id}",
                 "GET /stories/{story_id}/cascade", "GET /stories/{story_id}/amplifiers", "GET /maps/network",
                 "GET /maps/communities", "GET /maps/stories/{story_id}/cascade"):
        assert must in analyst_masked, (must, sorted(analyst_masked))
    # ... and investigators see it by name
    investigator_shown = {label for label, role, status, shown, masked, _ in rows if role == "investigator" and shown}
    for must in ("GET /accounts/{account_id}", "GET /communities", "GET /rankings/influence", "GET /maps/network"):
        assert must in investigator_shown, (must, sorted(investigator_shown))


def auth_pseudonym(client) -> str:
    from api.masking import pseudonym

    return pseudonym(PRIV)


def test_the_strings_would_be_found(world):
    """The detector finds the planted strings in every encoding the outputs use (JSON, HTML, inline JS, URLs)."""
    for text in (json.dumps({"n": NAME}), json.dumps({"n": NAME}, ensure_ascii=False), html.escape(NAME),
                 f"/trang/tai-khoan/{quote(PRIV, safe='')}", NAME.upper(), f'"label":"{HANDLE}"'):
        assert shows_personal(text), text
    assert not shows_personal("Tài khoản 0, giao thông, an-danh:0123456789ab")
    assert Role.ANALYST.value not in SEERS and Role.PRESS_OFFICER.value not in SEERS
