from collections import Counter

from nlp.agencies import agencies, holder_at, office_holders
from nlp.gazetteer import PROVINCE_ID, current_unit, load_gazetteer, places


def test_counts_match_the_official_tables():
    levels = Counter(p["level"] for p in places())
    assert levels["commune"] == 148
    assert levels["former_district"] == 32
    assert levels["former_province"] == 3
    assert levels["province"] == 1
    assert levels["former_commune"] >= 470  # 482 rows, a few units split over several new ones


def test_became_mapping():
    by_id = {p["id"]: p for p in places()}
    assert current_unit("place:former-province:17") == [PROVINCE_ID]
    # every former commune became at least one current unit that exists
    for p in by_id.values():
        if p["level"] == "former_commune":
            assert p["became"] and all(by_id[b]["level"] == "commune" for b in p["became"])
    # former districts point at current units
    d = next(p for p in by_id.values() if p["name"] == "Huyện Lâm Thao")
    assert d["became"] and all(b in by_id for b in d["became"])


def test_aliases_with_and_without_type_words():
    p = next(p for p in places() if p["name"] == "Xã Tam Nông")
    assert {"Tam Nông", "xã Tam Nông"} <= set(p["aliases"])
    d = next(p for p in places() if p["name"] == "Thành phố Việt Trì")
    assert {"TP. Việt Trì", "thành phố Việt Trì"} & set(d["aliases"])


def test_tone_convention_applied_to_official_names():
    names = {p["name"] for p in places()}
    assert "Tỉnh Hòa Bình" in names and "Tỉnh Hoà Bình" not in names


def test_names_elsewhere_known():
    g = load_gazetteer()
    assert "Hồ Chí Minh" in g.elsewhere["phú thọ"]
    assert len([p for p in g.places.values() if p["level"] == "commune" and p["short"].lower() in g.elsewhere]) >= 45


def test_agencies_and_dated_office_holders():
    ids = {a["id"] for a in agencies()}
    assert {"org:pt:ubnd", "org:pt:hdnd", "org:pt:tinh-uy", "org:pt:so-tttt", "org:pt:cong-an"} <= ids
    assert all(h["fictional"] for h in office_holders())  # no real person is named
    before = holder_at("org:pt:ubnd", "Chủ tịch", "2024-01-01")
    after = holder_at("org:pt:ubnd", "Chủ tịch", "2025-08-01")
    assert before and after and before["id"] != after["id"]
    assert holder_at("org:pt:ubnd", "Chủ tịch", "1990-01-01") is None
