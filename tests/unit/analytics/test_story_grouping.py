"""Story grouping and events: what an inspector sees as one story must be one story (issue 13)."""

from graph.analytics.bursts import is_broad_place, merge_bursts
from graph.analytics.cascades import group_stories
from graph.analytics.events import parse_event
from nlp.fingerprint import fingerprinted

RUMOUR = "NÓNG: hôm qua có xe cứu thương lạ bắt trẻ con ở xã Thanh Ba, các bố mẹ trông con cẩn thận!!! Share gấp"
OTHER = "Lễ hội đền Hùng năm nay đón hơn một triệu lượt khách, công tác an ninh được bảo đảm tuyệt đối"
H = 3600.0


def ev(i, t, acc, **kw):
    return parse_event(fingerprinted({"id": i, "account": acc, "created_at": t, **kw}))


def stories_of(events, **kw):
    return sorted(sorted(e.id for e in v) for v in group_stories(events, **kw).values())


def test_prefixed_and_quoted_copies_join_the_story_they_copy():
    evs = [ev("p0", 0, "a", text=RUMOUR), ev("p1", 60, "b", text="Nghe nói " + RUMOUR),
           ev("p2", 120, "c", text="Copy: " + RUMOUR), ev("p3", 180, "d", text=f"“{RUMOUR}”"),
           ev("p4", 240, "e", text="Sưu tầm: " + RUMOUR.replace("Thanh Ba", "Thanh  Ba")),
           ev("x", 300, "f", text=OTHER)]
    assert stories_of(evs) == [["p0", "p1", "p2", "p3", "p4"], ["x"]]


def test_a_post_that_links_the_article_before_it_was_crawled_joins_its_story():
    url = "http://baodatto.vn/xe-cuu-thuong-100238.htm"
    evs = [ev("p1", 0, "a", url=url), ev("p2", 10, "b", parent_id="p1"),
           ev(url, 20, "outlet:baodatto.vn", text=RUMOUR), ev("p3", 30, "c", text="Copy: " + RUMOUR)]
    assert stories_of(evs) == [[url, "p1", "p2", "p3"]]


def test_the_same_generic_comment_under_two_stories_does_not_merge_them():
    comment = "Cảm ơn page đã chia sẻ, ai biết thêm thông tin gì không ạ, cho mình hỏi với"
    evs = [ev("a", 0, "x", text=RUMOUR), ev("b", 0, "y", text=OTHER),
           ev("a1", 60, "c1", parent_id="a", kind="reply", text=comment),
           ev("b1", 60, "c2", parent_id="b", kind="reply", text=comment)]
    assert stories_of(evs) == [["a", "a1"], ["b", "b1"]]


def test_home_page_links_join_nothing():
    evs = [ev("a", 0, "x", url="http://baodatto.vn/"), ev("b", 10, "y", url="http://baodatto.vn")]
    assert stories_of(evs) == [["a"], ["b"]]


def test_given_stories_are_never_merged_by_links():
    evs = [ev("a", 0, "x", story="s1", text=RUMOUR), ev("b", 10, "y", story="s2", text=RUMOUR)]
    assert stories_of(evs) == [["a"], ["b"]]


def test_an_orphan_share_joins_the_story_being_reshared_around_it_and_only_then():
    base = [ev("o", 0, "a", text=RUMOUR)] + [ev(f"s{k}", 60 * k, f"u{k}", parent_id="o", kind="share")
                                              for k in range(1, 6)]
    lone = ev("orphan", 200, "z", kind="share", parent_id="gone")
    assert ["o", "orphan", "s1", "s2", "s3", "s4", "s5"] in stories_of([*base, lone])
    # two stories reshared as much as each other around it: no majority, it stays alone
    other = [ev("q", 0, "b", text=OTHER)] + [ev(f"r{k}", 60 * k, f"v{k}", parent_id="q", kind="share")
                                              for k in range(1, 6)]
    assert ["orphan"] in stories_of([*base, *other, lone])
    # an original post with nothing to compare is not a reshare: never attached
    post = ev("short", 200, "z", kind="post")
    assert ["short"] in stories_of([*base, post])


def _burst_world():
    """Forty independent posts on fish dying at the Lô river in 6 hours, a quiet background over a week."""
    day = 24 * H
    evs, groups = [], {}
    for k in range(40):
        e = parse_event({"id": f"c{k}", "account": f"a{k}", "created_at": 3 * day + k * 540,
                         "places": ["landmark:song-lo", "place:province:25"], "topics": ["environment"]})
        groups[f"tree:{e.id}"] = [e]
        evs.append(e)
    for k in range(10):  # the same river, the same topic, spread over the week: no burst
        e = parse_event({"id": f"b{k}", "account": f"b{k}", "created_at": k * 0.7 * day,
                         "places": ["landmark:song-lo"], "topics": ["environment"]})
        groups[f"tree:{e.id}"] = [e]
    for k in range(12):  # a gambling arrest reported in the same commune during the crisis
        e = parse_event({"id": f"g{k}", "account": f"g{k}", "created_at": 3 * day + 600 + k * 900,
                         "places": ["landmark:song-lo"], "topics": ["security"]})
        groups[f"tree:{e.id}"] = [e]
    return groups


def test_a_burst_of_independent_posts_about_one_place_and_topic_is_one_event():
    merged, info = merge_bursts(_burst_world(), period_hours=24 * 7)
    events = {k: sorted(e.id for e in v) for k, v in merged.items() if k.startswith("event:")}
    crisis = next(v for v in events.values() if "c0" in v)
    assert {f"c{k}" for k in range(40)} <= set(crisis)
    assert not any(x.startswith("g") for x in crisis), "another topic at the same place joined the crisis"
    assert info[next(k for k, v in events.items() if "c0" in v)]["topics"] == ["environment"]
    assert all(f"tree:b{k}" in merged for k in range(1, 10) if k not in (4,)), "the quiet background stayed apart"


def test_no_event_without_a_burst_and_broad_places_make_none():
    day = 24 * H
    groups = {f"tree:p{k}": [parse_event({"id": f"p{k}", "account": f"a{k}", "created_at": k * day / 3,
                                          "places": ["place:x"], "topics": ["culture"]})] for k in range(21)}
    assert merge_bursts(groups, period_hours=24 * 7)[1] == {}
    province_only = {f"tree:p{k}": [parse_event({"id": f"p{k}", "account": f"a{k}", "created_at": k * 60,
                                                 "places": ["place:province:25"], "topics": ["culture"]})]
                     for k in range(30)}
    assert merge_bursts(province_only, period_hours=24 * 7)[1] == {}
    assert is_broad_place("place:vn:01") and not is_broad_place("landmark:song-lo")
