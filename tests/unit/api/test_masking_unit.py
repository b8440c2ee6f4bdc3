"""The one masking rule offline: communities' label, top terms and top accounts masked with the same pseudonym
that rankings use; public accounts and outlets left as they are; callers with the right see everything."""

from __future__ import annotations

import doctest

import pytest

from api import auth, masking
from api.auth import Principal, Role
from api.routes import common

ANALYST = Principal("a", "a", frozenset({Role.ANALYST}))
PRESS = Principal("p", "p", frozenset({Role.PRESS_OFFICER}))
INVESTIGATOR = Principal("i", "i", frozenset({Role.INVESTIGATOR}))


@pytest.fixture(autouse=True)
def _secret(tmp_path, monkeypatch):
    monkeypatch.setenv("LANTOA_AUTH_SECRET_FILE", str(tmp_path / "secret"))
    auth.reset_caches()
    yield
    auth.reset_caches()


def _community() -> dict:
    return {
        "id": "r:0", "label": "Cộng đồng 1: quanh Lan Riêng, Báo Phú Thọ, lan.rieng", "size": 9,
        "top_terms": ["Lan Riêng", "Báo Phú Thọ", "facebook:lan.rieng", "giao thông"],
        "top_accounts": ["facebook:lan.rieng", "facebook:baophutho", "outlet:baophutho.vn", "facebook:da-xoa"],
        "top_refs": [
            {"id": "facebook:lan.rieng", "handle": "lan.rieng", "name": "Lan Riêng", "kind": "person",
             "owned_by_outlet": False},
            {"id": "facebook:baophutho", "handle": "baophutho", "name": "Báo Phú Thọ", "kind": None,
             "owned_by_outlet": True},
            None,  # an outlet: not an Account node
            None,  # an account no longer in the graph: treated as a person
        ],
    }


def test_doctests_run():
    res = doctest.testmod(masking)
    assert res.attempted >= 2 and res.failed == 0


@pytest.mark.parametrize("who", [ANALYST, PRESS])
def test_community_masked_with_the_ranking_pseudonym(who):
    out = masking.mask_community(_community(), who)
    alias = common.pseudonym("facebook:lan.rieng")
    # the same pseudonym an AccountRef of that account gets in a ranking
    ref = common.account_ref({"id": "facebook:lan.rieng", "kind": "person", "name": "Lan Riêng"}, who)
    assert ref["id"] == alias and ref["masked"]
    assert out["top_accounts"] == [alias, "facebook:baophutho", "outlet:baophutho.vn",
                                   common.pseudonym("facebook:da-xoa")]
    assert out["top_terms"] == [alias, "Báo Phú Thọ", alias, "giao thông"]
    assert out["label"] == f"Cộng đồng 1: quanh {alias}, Báo Phú Thọ, {alias}"
    assert "top_refs" not in out
    text = repr(out)
    assert "Lan Riêng" not in text and "lan.rieng" not in text


def test_community_unmasked_for_callers_with_the_right():
    row = _community()
    out = masking.mask_community(row, INVESTIGATOR)
    assert out["label"] == row["label"] and out["top_accounts"] == row["top_accounts"]
    assert out["top_terms"] == row["top_terms"] and "top_refs" not in out


def test_community_without_refs_masks_every_account_but_outlets():
    row = {"id": "r:1", "label": "quanh Tài khoản A", "top_terms": ["Tài khoản A"],
           "top_accounts": ["facebook:xyz", "outlet:x.vn"]}
    out = masking.mask_community(row, ANALYST)
    assert out["top_accounts"] == [common.pseudonym("facebook:xyz"), "outlet:x.vn"]
    assert out["label"] == "quanh Tài khoản A"  # the name is unknown without refs: nothing to match ...
    out = masking.mask_community({**row, "label": "quanh XYZ, facebook:xyz"}, ANALYST)
    alias = common.pseudonym("facebook:xyz")
    assert out["label"] == f"quanh {alias}, {alias}"  # ... but the id and the bare handle are


def test_mask_text_is_whole_word_and_case_insensitive():
    assert masking.mask_text("LAN RIÊNG và lan riêng", {"Lan Riêng": "X"}) == "X và X"
    assert masking.mask_text("Lanrieng", {"Lan": "X"}) == "Lanrieng"
    assert masking.mask_text(None, {"a": "b"}) is None
    assert masking.mask_text("a.b c", {"a.b": "X"}) == "X c"


def test_routers_use_the_one_rule():
    assert common.account_ref is masking.account_ref and common.pseudonym is masking.pseudonym
    assert common.mask_community is masking.mask_community and common.is_personal is masking.is_personal
