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
