"""Denial cues in real-world phrasing: how provincial police, departments and the press word a refutation, and the
look-alikes that are not one (a proposal rejected, a denial negated, a rumour asking whether it is true)."""

from __future__ import annotations

import pytest

from nlp.refutation import claim_terms, find_cue


@pytest.mark.parametrize("text,phrase", [
    ("Công an tỉnh Phú Thọ thông tin: nội dung bài đăng về việc xe cứu thương bắt cóc trẻ em là SAI SỰ THẬT.",
     "sai sự thật"),
    ("Thông tin 'sập cầu Phong Châu lần 2' lan truyền trên mạng xã hội là không đúng sự thật", "không đúng sự thật"),
    ("Sở GD&ĐT khẳng định không có chuyện học sinh được nghỉ học hết tháng 3", "không có chuyện"),
    ("Xử phạt người đăng tin thất thiệt về dịch bệnh trên Facebook", "thất thiệt"),
    ("UBND xã bác bỏ thông tin cưỡng chế đất trái phép lan truyền trên mạng", "bác bỏ"),
    ("Bộ Y tế đính chính thông tin về số ca mắc", "đính chính"),
    ("Hình ảnh được cắt ghép, xuyên tạc nhằm bôi nhọ lực lượng chức năng", "cắt ghép"),
    ("Clip xuyên tạc về lực lượng chức năng", "xuyên tạc"),
    ("Cảnh báo trang Facebook giả mạo Cổng thông tin điện tử tỉnh", "giả mạo"),
    ("CÔNG AN KHẲNG ĐỊNH: THÔNG TIN BỊA ĐẶT", "bịa đặt"),
    ("Thông tin bịa đặt về Hoà Bình", "bịa đặt"),
])
def test_denials_are_found(text: str, phrase: str) -> None:
    cue = find_cue(text)
    assert cue is not None and cue.phrase == phrase
    assert phrase in cue.snippet


@pytest.mark.parametrize("text", [
    "Quốc hội bác bỏ đề xuất tăng thuế bảo vệ môi trường",  # a weak cue without any information word
    "Đây không phải tin giả, mọi người cẩn thận nhé",  # negated
    "Xe cứu thương lạ bắt cóc trẻ em ở Thanh Ba?? Có thật không mọi người",  # the rumour itself
    "Khánh thành cầu mới nối đôi bờ sông Lô",
    "",
    None,
])
def test_non_denials_are_not(text) -> None:
    assert find_cue(text) is None


def test_claim_terms_ignore_cue_wording_urls_and_spelling_variants() -> None:
    a = claim_terms("Thông tin xe cứu thương bắt cóc trẻ em ở Hoà Bình là sai sự thật https://x.vn/a-b-c")
    b = claim_terms("xe cứu thương bắt cóc trẻ em ở Hòa Bình")
    assert {"cứu thương", "bắt cóc", "hòa bình"} <= a & b
    assert "sai sự" not in a and "sự thật" not in a and not any("https" in t for t in a)
