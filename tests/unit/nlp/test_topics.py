from nlp.topics import labels, topics


def test_topics_multilabel():
    t = topics("Xe khách lật trên quốc lộ 2, 3 người bị thương\nCông an đang điều tra vụ tai nạn giao thông.")
    assert t[0] == "accidents" and "security" in t
    assert topics("") == []
    assert set(labels()) == {"accidents", "land", "environment", "corruption", "health", "education", "economy",
                             "tourism", "culture", "administration", "security", "disasters"}
