"""Route helpers offline: ranking scopes, personal-data masking, safe redirects, report catalogue parsing."""

from __future__ import annotations

import pytest
from fastapi import HTTPException

from api import auth
from api.auth import Principal, Role
from api.routes import common
from api.routes.pages import _safe_next, report_catalogue
from api.routes.rankings import Window, ranking_id


@pytest.fixture(autouse=True)
def _secret(tmp_path, monkeypatch):
    monkeypatch.setenv("LANTOA_AUTH_SECRET_FILE", str(tmp_path / "secret"))
    auth.reset_caches()
    yield
    auth.reset_caches()


def test_ranking_ids_follow_the_stored_convention():
    assert ranking_id("r1", window=Window.ALL, topic=None, platform=None, community_id=None)[0] == "r1:all:all"
    assert ranking_id("r1", window=Window.H24, topic=None, platform=None, community_id=None)[0] == "r1:window:24h"
    assert ranking_id("r1", window=Window.ALL, topic="y_te", platform=None, community_id=None)[0] == "r1:topic:y_te"
    assert ranking_id("r1", window=Window.ALL, topic=None, platform=None, community_id="r:3")[0] == "r1:community:r:3"
    with pytest.raises(HTTPException):
        ranking_id("r1", window=Window.D7, topic="x", platform=None, community_id=None)


def test_masking_of_private_persons_only():
    analyst = Principal("a", "a", frozenset({Role.ANALYST}))
    inv = Principal("i", "i", frozenset({Role.INVESTIGATOR}))
    person = {"id": "facebook:lan", "name": "Lan", "handle": "lan", "kind": "person", "followers": 10}
    official = {**person, "id": "facebook:cong-an", "kind": "official"}
    outlet_owned = {**person, "owned_by_outlet": True}
    m = common.account_ref(person, analyst)
    assert m["masked"] and m["name"] is None and m["handle"] is None and m["id"].startswith("an-danh:")
    assert m["id"] == common.account_ref(person, analyst)["id"]  # stable pseudonym
    assert m["followers"] == 10 and m["platform"] == "facebook"
    assert not common.account_ref(official, analyst)["masked"]
    assert not common.account_ref(outlet_owned, analyst)["masked"]
    assert common.account_ref(person, inv)["name"] == "Lan"
    assert common.account_ref({"id": None}, inv) is None


def test_safe_next_only_allows_local_paths():
    assert _safe_next("/trang/cau-chuyen/x?a=1") == "/trang/cau-chuyen/x?a=1"
    for bad in ("https://evil.example/", "//evil.example", "/\\evil", "javascript:alert(1)", "/a\nb"):
        assert _safe_next(bad) == "/"


def test_report_catalogue_reads_headers():
    cat = report_catalogue()
    by_name = {r["name"]: r for r in cat}
    assert "story_id" in {p["name"] for p in by_name["top_amplifiers_of_story"]["params"]}
    for r in cat:
        assert r["name"] and "/" not in r["name"] and isinstance(r["params"], list)


def test_bytes_cache_expires():
    c = common.BytesCache(ttl_s=0.0)
    calls = []
    c.get_or_set("k", lambda: calls.append(1) or b"x")
    c.get_or_set("k", lambda: calls.append(1) or b"x")
    assert len(calls) == 2
    c2 = common.BytesCache(ttl_s=60)
    c2.get_or_set("k", lambda: b"a")
    assert c2.get_or_set("k", lambda: b"b") == b"a"
