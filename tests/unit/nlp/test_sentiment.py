import pytest

from nlp.sentiment import LABELS, build_baseline, build_model, lexicon, predict, prepare

TRAIN = [
    ("Xe khách lật, 5 người tử vong", "negative"), ("Cháy lớn thiêu rụi nhà xưởng", "negative"),
    ("Bắt giữ đối tượng lừa đảo chiếm đoạt tiền tỷ", "negative"), ("Sạt lở đất vùi lấp nhà dân", "negative"),
    ("Khởi tố cán bộ tham nhũng đất đai", "negative"), ("Ngộ độc thực phẩm, hàng chục người nhập viện", "negative"),
    ("Khánh thành cầu mới, người dân vui mừng", "positive"), ("Học sinh đoạt huy chương vàng Olympic", "positive"),
    ("Lễ hội đặc sắc thu hút du khách, rất ấn tượng", "positive"), ("Tăng trưởng kinh tế đạt kỷ lục", "positive"),
    ("Trao tặng quà cho hộ nghèo, ấm áp nghĩa tình", "positive"), ("Vinh danh doanh nghiệp xuất sắc", "positive"),
    ("UBND tỉnh họp phiên thường kỳ tháng 7", "neutral"), ("Thông báo lịch cắt điện ngày mai", "neutral"),
    ("Sở Y tế công bố số liệu tiêm chủng", "neutral"), ("Giá vàng hôm nay đi ngang", "neutral"),
    ("Hướng dẫn thủ tục cấp đổi căn cước", "neutral"), ("Kỳ họp HĐND thảo luận dự toán ngân sách", "neutral"),
] * 2


def test_prepare_normalises():
    assert prepare("Hoà Bình", "thuỷ điện") == "hòa bình . thủy điện"


def test_lexicon_loaded():
    lex = lexicon()
    assert "tai nạn" in lex["neg"] and "thành công" in lex["pos"]


def test_model_trains_and_predicts_on_a_fixture():
    X = [prepare(t) for t, _ in TRAIN]
    y = [lab for _, lab in TRAIN]
    m = build_model().fit(X, y)
    out = predict(["Xe tải lật làm 3 người tử vong", "Khánh thành trường học mới, người dân vui mừng", ""], m)
    assert out[0]["label"] == "negative" and out[0]["score"] < 0
    assert out[1]["label"] == "positive" and out[1]["score"] > 0
    assert out[2] == {"label": "neutral", "score": 0.0, "probs": {}}
    assert set(out[0]["probs"]) == set(LABELS)
    assert build_baseline().fit(X, y).predict(X[:1])[0] in LABELS


def test_shipped_model_loads_and_scores():
    from nlp.sentiment import load_model, model_path

    if not model_path().is_file():
        pytest.fail("nlp/models/sentiment.joblib missing: run python -m nlp.train")
    out = predict(["Tai nạn giao thông nghiêm trọng, 3 người thiệt mạng"], load_model())
    assert out[0]["label"] == "negative"


def test_label_comes_from_the_signed_score_not_the_argmax():
    """The model's classes in proportions where the argmax (neutral) and the one cut-off (positive) disagree."""
    from sklearn.dummy import DummyClassifier

    from common.sentiment import label_for

    y = ["neutral"] * 50 + ["positive"] * 45 + ["negative"] * 5
    m = DummyClassifier(strategy="prior").fit([[0]] * len(y), y)
    out = predict(["Tin bất kỳ"], m)[0]
    assert max(out["probs"], key=out["probs"].get) == "neutral"
    assert out["score"] == 0.4 and out["label"] == label_for(0.4) == "positive"
    y = ["neutral"] * 50 + ["negative"] * 45 + ["positive"] * 5
    out = predict(["Tin bất kỳ"], DummyClassifier(strategy="prior").fit([[0]] * len(y), y))[0]
    assert out["score"] == -0.4 and out["label"] == "negative"  # signed: negative items score below zero


# --- lexicon, teencode, emoji, domains (real-world phrasings) ------------------------------------------
from nlp.sentiment import lexicon_score, polarity, prepare_post  # noqa: E402


@pytest.mark.parametrize("text", ["Dịch vụ không tốt", "Khu vực này chẳng hề an toàn", "Sản phẩm chưa tốt lắm",
                                  "Nhân viên không nhiệt tình"])
def test_negation_turns_praise_negative(text):
    assert lexicon_score(text) < 0, text
    pos, neg, hits = polarity(prepare(text))
    assert neg > pos and hits == 1


def test_negated_harm_is_not_negative_and_intensifiers_scale():
    assert lexicon_score("Vụ cháy không gây thương vong") > lexicon_score("Vụ cháy gây thương vong")
    assert lexicon_score("Rất tốt") > lexicon_score("Tốt") > 0
    assert lexicon_score("Buồn quá") < lexicon_score("Buồn") < 0


def test_reversers_and_official_handling():
    assert lexicon_score("Tai nạn giao thông giảm mạnh trong 6 tháng") > 0  # a decrease of harm is good news
    assert lexicon_score("Khắc phục xong đường bị sạt lở") > 0
    assert lexicon_score("Lợi nhuận ngân hàng giảm mạnh") < 0
    # investigating an accident reports a procedure: much less negative than the accident itself
    assert lexicon_score("Điều tra vụ tai nạn giao thông") > lexicon_score("Tai nạn giao thông nghiêm trọng")
    # 'tốt nghiệp' (graduation) and 'yêu cầu' (request) are not praise
    assert lexicon_score("Kỳ thi tốt nghiệp theo yêu cầu của Bộ") == 0


@pytest.mark.parametrize(("raw", "prepared"), [
    ("Ko tốt", "không tốt"), ("k dc đâu", "không được đâu"), ("đc r, tks ad", "được rồi , cảm ơn ad"),
    ("Quáaaa đẹppp", "quá đẹp"), ("Xem http://x.vn/a ngay", "xem ngay"),
])
def test_teencode_and_stretched_letters(raw, prepared):
    assert prepare_post(raw) == prepared


def test_emoji_carry_polarity_in_posts():
    assert lexicon_score("Nước sông như thế này 😡😢", domain="posts") < -0.5
    assert lexicon_score("Quê mình ❤️👏", domain="posts") > 0.5
    assert lexicon_score("ko hài lòng tí nào", domain="posts") < 0


def test_unknown_domain_is_refused():
    from common.errors import ModelError

    with pytest.raises(ModelError):
        predict(["x"], domain="tv")


# --- the shipped two-domain model ------------------------------------------------------------------
DEMO_NEGATIVE = [
    "Cá chết hàng loạt trên sông Lô, người dân đang lo lắng vì nước bốc mùi hôi nồng nặc",
    "Công an xã Thổ Tang khuyến cáo thủ đoạn lừa đảo mới",
]


@pytest.fixture(scope="module")
def shipped():
    from nlp.sentiment import SentimentModel, load_model, model_path

    if not model_path().is_file():
        pytest.fail("nlp/models/sentiment.joblib missing: run python -m nlp.train")
    m = load_model()
    assert isinstance(m, SentimentModel) and set(m.models) == {"news", "posts"}
    return m


@pytest.mark.parametrize("domain", ["news", "posts"])
def test_demo_sentences_are_negative(shipped, domain):
    """Issue 19: both demo posts were labelled positive."""
    for out, text in zip(predict(DEMO_NEGATIVE, shipped, domain=domain), DEMO_NEGATIVE, strict=True):
        assert out["label"] == "negative" and out["score"] < 0, (domain, text, out)


@pytest.mark.parametrize(("text", "label"), [
    ("Dịch vụ ko tốt, gọi tổng đài mãi k dc 😡", "negative"),
    ("Nhân viên chẳng hề nhiệt tình, chờ cả buổi 😢", "negative"),
    ("Cảm ơn ad, nhân viên hỗ trợ nhiệt tình lắm 👍", "positive"),
    ("Tự hào quá quê mình ❤️ Lễ hội đẹp tuyệt vời", "positive"),
    ("Lịch cắt điện ngày mai ở phường Việt Trì", "neutral"),
])
def test_posts_domain_reads_informal_text(shipped, text, label):
    assert predict([text], shipped, domain="posts")[0]["label"] == label, text


@pytest.mark.parametrize(("title", "lead", "label"), [
    ("Xe khách lật trên quốc lộ 2, nhiều người bị thương", "", "negative"),
    ("Khánh thành trường học mới, người dân vui mừng", "", "positive"),
    ("Tai nạn giao thông giảm mạnh trong 6 tháng đầu năm", "", "positive"),
    ("UBND tỉnh họp phiên thường kỳ tháng 7", "Cuộc họp bàn kế hoạch quý III.", "neutral"),
])
def test_news_domain_reads_headlines(shipped, title, lead, label):
    assert predict([prepare(title, lead)], shipped, domain="news")[0]["label"] == label, title


def test_scores_are_signed_probabilities(shipped):
    for domain in ("news", "posts"):
        for out in predict(DEMO_NEGATIVE + ["Tuyệt vời, rất hài lòng"], shipped, domain=domain):
            assert -1.0 <= out["score"] <= 1.0
            assert abs(sum(out["probs"].values()) - 1.0) < 1e-3
            assert out["score"] == pytest.approx(out["probs"]["positive"] - out["probs"]["negative"], abs=1e-3)


def test_annotate_records_uses_the_posts_domain():
    from nlp.annotate import annotate_records

    recs = [{"id": "p", "text": "ko hài lòng chút nào 😡😡"}]
    out = next(annotate_records(recs, mode="syllable", sentiment_domain="posts"))
    assert out["sentiment"]["label"] == "negative"
