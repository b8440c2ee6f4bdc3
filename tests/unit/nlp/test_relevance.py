from nlp.relevance import relevance


def rel(t):
    return relevance(t)


def test_province_story_is_relevant():
    r = rel("Phú Thọ: Khởi công cầu mới tại xã Tam Nông. UBND tỉnh Phú Thọ cho biết dự án hoàn thành năm 2026.")
    assert r["relevant"] and r["score"] >= 0.7 and r["reasons"]


def test_confusables_are_not_relevant():
    assert not rel("Cháy lớn ở phường Phú Thọ, Quận 11, TP.HCM")["relevant"]
    assert not rel("Huyện Phúc Thọ, Hà Nội ngập sâu sau mưa")["relevant"]
    assert not rel("Thế giới mong hòa bình, các bên kêu gọi hòa bình")["relevant"]
    assert not rel("Phó Thủ tướng Trương Hòa Bình làm việc tại TP.HCM")["relevant"]


def test_same_name_commune_elsewhere():
    r = rel("Xã Tân Lập, huyện Đồng Phú, tỉnh Đồng Nai có mưa lớn. Người dân xã Tân Lập bức xúc.")
    assert not r["relevant"]
    assert any("also in" in x or "ambiguous" in x for x in r["reasons"])


def test_address_chain_in_the_province():
    r = rel("Bệnh nhân nam, 27 tuổi, địa chỉ tại xã Hiền Lương, huyện Đà Bắc, tỉnh Hòa Bình.")
    assert r["relevant"]


def test_round_up_list_scores_lower_than_a_story():
    listed = rel("Mưa lớn ở Lào Cai, Yên Bái, Phú Thọ, Tuyên Quang, Hà Giang, Cao Bằng")["score"]
    story = rel("Mưa lớn ở Phú Thọ làm sạt lở đường vào xã Tam Nông")["score"]
    assert listed < story


def test_empty():
    assert rel("") == {"score": 0.0, "relevant": False, "reasons": [],
                       "evidence": {"ours": 0, "other_provinces": 0, "generic_agencies": 0}}


def test_a_river_through_many_provinces_is_not_the_province():
    # sông Hồng and sông Đà flow through Phú Thọ but also Hà Nội, Lào Cai, Sơn La …: naming them is not enough
    assert not rel("Mực nước sông Hồng tại Hà Nội lên nhanh sau mưa lớn")["relevant"]
    assert not rel("Sạt lở bờ sông Đà ở Sơn La, nhiều hộ dân phải di dời")["relevant"]
