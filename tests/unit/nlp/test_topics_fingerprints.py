import numpy as np

from nlp.fingerprints import from_hex, group, jaccard, minhash, similarity, to_hex
from nlp.topics import labels, topics


def test_topics_multilabel():
    t = topics("Xe khách lật trên quốc lộ 2, 3 người bị thương\nCông an đang điều tra vụ tai nạn giao thông.")
    assert t[0] == "accidents" and "security" in t
    assert topics("") == []
    assert set(labels()) == {"accidents", "land", "environment", "corruption", "health", "education", "economy",
                             "tourism", "culture", "administration", "security", "disasters"}


def test_minhash_estimates_jaccard():
    a = "Phú Thọ khởi công cầu Phong Châu mới, tổng vốn hơn 500 tỷ đồng, dự kiến hoàn thành năm 2026 " * 3
    b = a.replace("hoàn thành", "xong")
    est = similarity(minhash(a), minhash(b))
    assert abs(est - jaccard(a, b)) < 0.15
    assert similarity(minhash(a), minhash("giá vàng hôm nay giảm mạnh")) < 0.2
    sig = minhash(a)
    assert np.array_equal(from_hex(to_hex(sig)), sig)
    assert similarity(minhash(""), minhash("")) == 0.0


def test_group_near_duplicates():
    base = "UBND tỉnh Phú Thọ tổ chức hội nghị triển khai nhiệm vụ phát triển kinh tế xã hội sáu tháng cuối năm"
    items = [("a", base), ("b", base + " tại Việt Trì"), ("c", "Mưa lớn gây ngập nhiều tuyến phố ở Hà Nội chiều nay"),
             ("d", "Theo Báo Phú Thọ: " + base)]
    g = group(items, threshold=0.6)
    assert ["a", "b", "d"] in g and ["c"] in g
