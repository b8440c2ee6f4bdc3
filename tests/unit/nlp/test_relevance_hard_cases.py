"""Province relevance on hard, realistic texts (issue 19): English items with unaccented names, lower-case forum
text, the province's portal, places named without their province, and the many homonyms elsewhere.

The homonyms come from the national 2025 table the gazetteer reads (``Gazetteer.elsewhere``): "Hòa Bình" is a
commune/ward in 16 other provinces (and a district of Bạc Liêu), "Phú Thọ" a ward in Hồ Chí Minh City, Bình Dương,
Đồng Tháp...; "Thanh Thủy", "Lương Sơn", "Vĩnh Yên" exist elsewhere too.

These cases were written after the rules for the issue's own examples and run once before any further change:
see nlp/eval/README.md (held-out hard cases) for the first-run figure. Precision and recall over each list are
asserted as a whole (so one regression fails the build) and every case is also its own test.
"""

import pytest

from nlp.gazetteer import load_gazetteer
from nlp.relevance import OTHER_PROVINCES_REASON, relevance

POSITIVE = [
    # the issue's own examples
    "TP.Hòa Bình: Khánh thành cầu Hòa Bình 5 bắc qua sông Đà",
    "TP. Hòa Bình tổ chức lễ hội đường phố dịp Tết",
    "Tourists flock to Mai Chau district to see the rice terraces",
    "nhà em ở tp hòa bình, tối qua mất điện cả khu, ai biết bao giờ có lại không",
    "PhuthoPortal: Tỉnh triển khai chuyển đổi số trong các cơ quan nhà nước",
    "Khu nghỉ dưỡng Vườn Vua Resort ở Thanh Thủy bị xử phạt vì xả thải ra sông",
    "Thuỷ điện Hoà Bình mở cửa xả đáy thứ hai",
    # English
    "Floods hit Phu Tho province as the Thao river rises; hundreds of homes in Viet Tri city are under water",
    "Vinh Phuc attracts $500 million in FDI in the first quarter, the provincial People's Committee said",
    "Landslide kills two in Hoa Binh province after days of heavy rain",
    "Police in Phu Tho arrest a gang running an online gambling ring",
    "A new industrial park opens in Tam Dao district, north of Hanoi",
    "Honda Vietnam's factory in Phuc Yen city resumes production",
    # lower-case / informal forum text
    "có ai ở vĩnh phúc không, đường xuyên á đoạn qua bình xuyên tắc cả tiếng rồi",
    "lương sơn hòa bình mưa to quá, nước ngập hết ruộng nhà mình",
    "quê mình ở phú thọ, năm nay vải thiều được mùa lắm",
    "tỉnh hòa bình vừa ra thông báo cấm đường lên đèo Thung Khe",
    "Mọi người ơi việt trì phú thọ đang mất nước sạch từ sáng, có ai biết lý do không?",
    # places named without their province
    "Du khách đổ về Tam Đảo tránh nóng, khu du lịch quá tải dịp cuối tuần",
    "Nghỉ dưỡng tại khu khoáng nóng Thanh Thủy: giá phòng tăng gấp đôi dịp lễ",
    "Ngập sâu ở Mai Châu, nhiều bản du lịch cộng đồng phải đóng cửa",
    "Cháy rừng ở Kim Bôi, hàng trăm người được huy động dập lửa",
    "Báo Phú Thọ: Tăng cường kiểm tra an toàn thực phẩm dịp Tết",
    "Hồ Đại Lải ô nhiễm, cá chết hàng loạt",
]

NEGATIVE = [
    # "hòa bình" meaning peace, in any case
    "Thế giới mong hòa bình, các bên kêu gọi đối thoại",
    "Hòa bình là khát vọng của mọi dân tộc",
    "vì hòa bình và hữu nghị giữa các dân tộc",
    "Lực lượng gìn giữ hòa bình Việt Nam lên đường sang Nam Sudan",
    "Việt Nam sẵn sàng đóng góp cho hòa bình, ổn định ở khu vực",
    # homonym units in other provinces
    "Xã Hòa Bình, huyện Chợ Gạo, tỉnh Tiền Giang có mưa đá",
    "Phường Hòa Bình, TP Biên Hòa, Đồng Nai xảy ra vụ cháy nhà",
    "Huyện Hòa Bình, tỉnh Bạc Liêu đẩy mạnh nuôi tôm công nghệ cao",
    "Cháy lớn ở phường Phú Thọ, Quận 11, TP.HCM",
    "Sân vận động Phú Thọ (TP.HCM) sẽ được cải tạo",
    "Phường Phú Thọ, TP Thủ Dầu Một, Bình Dương khánh thành trường học mới",
    "Xã Thanh Thủy, huyện Lệ Thủy, tỉnh Quảng Bình bị ngập sâu",
    "Huyện Phúc Thọ, Hà Nội ngập sâu sau mưa",
    # people and companies of the same name
    "Phó Thủ tướng Trương Hòa Bình làm việc với TP.HCM",
    "Tập đoàn Xây dựng Hòa Bình báo lỗ quý III",
    # English homonyms
    "Deputy PM Truong Hoa Binh visits Ho Chi Minh City",
    "Hoa Binh Construction Group posts a quarterly loss",
    "Fire breaks out in Phu Tho ward, District 11, HCMC",
    "Hoa Binh ward in Can Tho city floods after high tide",
    # national round-ups and rivers
    "Mưa lớn ở Lào Cai, Yên Bái, Phú Thọ, Tuyên Quang, Hà Giang, Cao Bằng",
    "Mực nước sông Hồng tại Hà Nội lên nhanh sau mưa lớn",
    "Người dân cả nước hướng về Đền Hùng ngày Giỗ Tổ",
]


@pytest.mark.parametrize("text", POSITIVE)
def test_positive(text):
    r = relevance(text)
    assert r["relevant"], (text, r)
    assert r["reasons"], "a positive keeps its reasons"
    assert 0.0 <= r["score"] <= 1.0


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(text):
    r = relevance(text)
    assert not r["relevant"], (text, r)
    assert 0.0 <= r["score"] <= 1.0


def test_recall_and_precision_over_the_hard_cases():
    tp = sum(relevance(t)["relevant"] for t in POSITIVE)
    fp = sum(relevance(t)["relevant"] for t in NEGATIVE)
    recall = tp / len(POSITIVE)
    precision = tp / (tp + fp)
    assert recall >= 0.95 and precision >= 0.95, (recall, precision)


def test_homonyms_really_exist_elsewhere():
    # guards the premise of the negatives: the national table names these units in other provinces
    g = load_gazetteer()
    assert {"Tiền Giang", "Đồng Nai"} & set(g.elsewhere["hòa bình"]) or len(g.elsewhere["hòa bình"]) >= 10
    assert "Hồ Chí Minh" in g.elsewhere["phú thọ"]
    assert "Quảng Bình" in g.elsewhere["thanh thủy"]


def test_english_other_provinces_keep_the_reason_prefix():
    r = relevance("Heavy rain in Hoa Binh province and Son La, Lao Cai, Yen Bai")
    assert any(x.startswith(OTHER_PROVINCES_REASON) for x in r["reasons"])


def test_held_out_cases_file():
    # nlp/eval/relevance_heldout_cases.jsonl: 20 short texts written after the rules above; first run P 1.00 R 0.82
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "nlp" / "eval" / "relevance_heldout_cases.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    got = [(r["relevant"], relevance(r["text"])["relevant"]) for r in rows]
    tp = sum(g and p for g, p in got)
    fp = sum(p and not g for g, p in got)
    fn = sum(g and not p for g, p in got)
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.95, (tp, fp, fn)
