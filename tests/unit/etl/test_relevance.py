"""Only the province's own places and agencies make an article concern the province."""

from __future__ import annotations

import pytest

from etl.relevance import _in_province, assess_gazetteer


@pytest.mark.parametrize("cid", ["place:province:25", "place:08566", "place:former:08590",
                                 "place:former-district:227", "place:former-province:26", "org:pt:ubnd"])
def test_ids_of_the_province_count(cid):
    assert _in_province(cid, "commune")


@pytest.mark.parametrize("cid", ["place:world:nhat-ban", "place:vn:01", "ner:loc:ha-long", "place:foo",
                                 "place:province:01", "place:0856", None, ""])
def test_other_ids_do_not(cid):
    assert not _in_province(cid, "country")


def test_every_gazetteer_place_counts():
    from nlp.gazetteer import places

    ids = [p["id"] for p in places()]
    assert len(ids) > 600 and all(_in_province(i, "place") for i in ids)


def test_an_article_about_foreign_countries_does_not_concern_the_province():
    # "Nhật Bản" / "Hàn Quốc" resolve to place:world:… ids; they used to count as places of the province
    d = assess_gazetteer("Đoàn công tác tới Nhật Bản và Hàn Quốc", "Hợp tác với Hoa Kỳ", None)
    assert not d.concerns and d.score == 0.0
    d = assess_gazetteer("Lũ quét ở xã Tân Sơn, tỉnh Phú Thọ", None, None)
    assert d.concerns and any("place:province:25" in r for r in d.reasons)
