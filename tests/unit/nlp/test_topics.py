from nlp.topics import labels, topics


def test_topics_multilabel():
    t = topics("Xe khách lật trên quốc lộ 2, 3 người bị thương\nCông an đang điều tra vụ tai nạn giao thông.")
    assert t[0] == "accidents" and "security" in t
    assert topics("") == []
    assert set(labels()) == {"accidents", "land", "environment", "corruption", "health", "education", "economy",
                             "tourism", "culture", "administration", "security", "disasters"}


def test_social_posts_about_a_fish_kill_are_environment_news():
    # hashtags as people type them (no tone marks, no spaces) and the words of a fish kill
    assert topics("Xót quá, ao cá nhà mình chết sạch sau một đêm 😢 #songLo #onhiem") == ["environment"]
    assert "environment" in topics("Nước sông Lô đen ngòm, bốc mùi hôi, cá chết hàng loạt")
    assert topics("Chúc mừng sinh nhật #hanhphuc") == []


def test_clearly_topical_short_texts_get_a_topic():
    # issue 19: "Thuỷ điện Hoà Bình mở cửa xả đáy" had no topic
    assert topics("Thuỷ điện Hoà Bình mở cửa xả đáy") == ["disasters"]
    assert topics("Nhiều người dân phản ánh\nbãi rác gây ô nhiễm") == ["environment"]
    assert topics("Hôm nay trời đẹp") == []
