"""Which story a denial refutes (casework/refutation.py): the right story among look-alikes, nothing when the
source does not count or the denial fits no story or two stories equally, never a story that is itself a denial
or that began after it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from casework.refutation import Candidate, Params, StoryText, match

T0 = datetime(2025, 7, 2, 8, tzinfo=UTC)
RUMOUR = StoryText("story:rumour", T0, (
    "KHẨN: chiều nay có xe cứu thương lạ bắt cóc một bé trai ở xã Thanh Ba, phụ huynh trông con cẩn thận!!! Share gấp",
    "Nghe nói xe cứu thương lạ bắt trẻ con ở Thanh Ba 😱", "Sợ quá"), size=60)
NOISE = [
    StoryText("story:bridge", T0 - timedelta(days=1), ("Khánh thành cầu mới ở xã Thanh Ba nối đôi bờ sông Thao",)),
    StoryText("story:ambulance", T0 - timedelta(days=2), ("Trạm y tế xã Hạ Hòa nhận xe cứu thương mới",)),
    StoryText("story:school", T0 - timedelta(days=3), ("Trẻ em xã Thanh Ba vui tết Trung thu cùng thầy cô",)),
    StoryText("story:police", T0 - timedelta(days=1), ("Công an tỉnh Phú Thọ khuyến cáo người dân cảnh giác lừa đảo",)),
] + [StoryText(f"story:n{i}", T0 - timedelta(hours=i), (f"Tin tức số {i} về nông nghiệp huyện {i} vụ mùa",))
     for i in range(40)]
DENIAL = ("Công an tỉnh Phú Thọ thông tin: nội dung về việc xe cứu thương bắt cóc trẻ em tại xã Thanh Ba là SAI SỰ "
          "THẬT. Đề nghị người dân không chia sẻ tin đồn thất thiệt.")


def cand(text: str = DENIAL, *, cls: str = "official", at: datetime = T0 + timedelta(hours=10), **kw) -> Candidate:
    return Candidate("facebook:police-1", at, text, cls, source_name="Công an tỉnh Phú Thọ", **kw)


def test_the_denial_links_to_the_rumour_with_its_evidence() -> None:
    [link] = match([cand()], [RUMOUR, *NOISE])
    assert link.story_id == "story:rumour" and link.cue == "sai sự thật" and link.source_class == "official"
    assert {"cứu thương", "bắt cóc", "thanh ba"} <= set(link.shared_terms)
    assert link.score >= 1.6 * link.runner_up and all(r for r in link.evidence)


def test_a_press_article_counts_a_private_post_does_not() -> None:
    assert match([cand(cls="press")], [RUMOUR, *NOISE])[0].story_id == "story:rumour"
    assert match([cand(cls="other")], [RUMOUR, *NOISE]) == []


def test_no_link_without_a_cue_or_a_matching_story() -> None:
    assert match([cand("Công an tỉnh thông tin về xe cứu thương bắt cóc trẻ em tại Thanh Ba")], [RUMOUR]) == []
    other = ("Sở Y tế khẳng định thông tin thiếu thuốc tại bệnh viện tỉnh là sai sự thật")
    assert match([cand(other)], [RUMOUR, *NOISE]) == []


def test_never_a_story_that_began_later_or_too_long_ago() -> None:
    assert match([cand(at=T0 - timedelta(hours=1))], [RUMOUR, *NOISE]) == []
    assert match([cand(at=T0 + timedelta(days=40))], [RUMOUR, *NOISE]) == []
    assert match([cand(at=T0 + timedelta(days=40))], [RUMOUR], Params(max_age=timedelta(days=60)))


def test_never_the_refutation_story_itself() -> None:
    own = StoryText("story:facebook:police-1", T0 + timedelta(hours=10), (DENIAL,), size=30)
    links = match([cand(first_of=("story:facebook:police-1",), story_ids=("story:facebook:police-1",))],
                  [RUMOUR, own, *NOISE])
    assert [x.story_id for x in links] == ["story:rumour"]


def test_two_equal_stories_name_neither() -> None:
    twin = StoryText("story:twin", T0, RUMOUR.texts, size=60)
    assert match([cand()], [RUMOUR, twin, *NOISE]) == []
