"""Units, routing, deadlines, retries and messages (issue 18), offline."""

from __future__ import annotations

import doctest
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from casework import delivery, messages, routing, transport, units
from casework.delivery_settings import DeliverySettings
from casework.routing import AlertFacts, UnitWatch, backoff_delay, is_overdue, response_deadline, route_alert

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = datetime(2025, 8, 15, 9, 0, tzinfo=TZ)

WARD = UnitWatch("unit:place:1", "Phường Vân Phú", "commune",
                 places={"place:1": "Phường Vân Phú", "place:former:7": "Xã Hy Cương", "place:former:8": "Xã Chu Hóa"},
                 own_places=frozenset({"place:1"}))
OTHER = UnitWatch("unit:place:2", "Xã Tam Nông", "commune", places={"place:2": "Xã Tam Nông"},
                  own_places=frozenset({"place:2"}))
HEALTH = UnitWatch("unit:org:pt:so-yte", "Sở Y tế tỉnh Phú Thọ", "department", topics={"health": "Y tế"},
                   orgs={"org:pt:so-yte": "Sở Y tế tỉnh Phú Thọ", "org:pt:bvdk-tinh": "Bệnh viện Đa khoa tỉnh"},
                   keywords=("ngộ độc thực phẩm",))
ENV = UnitWatch("unit:org:pt:so-nnmt", "Sở Nông nghiệp và Môi trường", "department",
                topics={"environment": "Môi trường"})
INFO = UnitWatch("unit:org:pt:so-vhttdl", "Sở VHTTDL", "department", topics={"culture": "Văn hóa"})
ALL = [WARD, OTHER, HEALTH, ENV, INFO]


def _route(alert: AlertFacts) -> dict[str, tuple[str, ...]]:
    return {r.unit_id: r.reasons for r in route_alert(alert, ALL, info_unit_id=INFO.id)}


@pytest.mark.parametrize("mod", [routing, delivery, messages, transport, units])
def test_doctests(mod):
    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.attempted > 0 and res.failed == 0


def test_story_alert_mentioning_a_former_commune_goes_to_the_ward_that_absorbed_it():
    got = _route(AlertFacts("a", level=2, mentioned_places=("place:former:7",), topics=("environment",)))
    assert set(got) == {WARD.id, ENV.id}  # not the other commune; level 2: not the information unit
    assert got[WARD.id] == ("tin nhắc đến Xã Hy Cương (nay thuộc Phường Vân Phú)",)
    assert got[ENV.id] == ("chủ đề Môi trường thuộc lĩnh vực theo dõi",)


def test_own_place_is_the_reason_shown_first():
    got = _route(AlertFacts("a", level=1, mentioned_places=("place:former:8", "place:1")))
    assert got == {WARD.id: ("tin nhắc đến địa bàn Phường Vân Phú",)}


def test_scope_alerts_about_a_place_a_topic_or_an_organisation():
    assert _route(AlertFacts("a", level=2, subject_label="place", subject_id="place:2")) == {
        OTHER.id: ("cảnh báo về địa bàn Xã Tam Nông",)}
    assert set(_route(AlertFacts("a", level=2, subject_label="topic", subject_id="health"))) == {HEALTH.id}
    assert _route(AlertFacts("a", level=2, subject_label="entity", subject_id="org:pt:bvdk-tinh")) == {
        HEALTH.id: ("cảnh báo về Bệnh viện Đa khoa tỉnh",)}
    # an outlet's volume alert concerns nobody's watchlist
    assert _route(AlertFacts("a", level=2, subject_label="outlet", subject_id="baophutho.vn")) == {}


def test_the_information_unit_gets_every_alert_from_level_three():
    for level in (3, 4):
        got = _route(AlertFacts("a", level=level, subject_label="outlet", subject_id="x"))
        assert list(got) == [INFO.id] and f"mức {level}" in got[INFO.id][0]
    assert INFO.id not in _route(AlertFacts("a", level=2, subject_label="outlet", subject_id="x"))
    assert route_alert(AlertFacts("a", level=4), ALL, info_unit_id=None) == []
    # the threshold is a knob
    assert [r.unit_id for r in route_alert(AlertFacts("a", level=2), ALL, info_unit_id=INFO.id,
                                           info_min_level=2)] == [INFO.id]


def test_keywords_match_whole_syllables_in_titles():
    hit = _route(AlertFacts("a", level=2, texts=("Hàng chục học sinh NGỘ ĐỘC THỰC PHẨM sau bữa trưa",)))
    assert hit == {HEALTH.id: ("từ khóa theo dõi: ngộ độc thực phẩm",)}
    assert _route(AlertFacts("a", level=2, texts=("ngộ độc thực phẩmx",))) == {}


def test_one_route_per_unit_with_every_reason():
    got = _route(AlertFacts("a", level=3, subject_label="topic", subject_id="health", mentioned_places=("place:1",),
                            mentioned_orgs=("org:pt:so-yte",), topics=("health",)))
    assert set(got) == {WARD.id, HEALTH.id, INFO.id}
    assert got[HEALTH.id] == ("cảnh báo về chủ đề Y tế thuộc lĩnh vực theo dõi", "tin nhắc đến Sở Y tế tỉnh Phú Thọ")


def test_deadlines_by_level():
    hours = {4: 2.0, 3: 6.0, 2: 24.0}
    assert response_deadline(4, T0, hours) == T0 + timedelta(hours=2)
    assert response_deadline(3, T0, hours) == T0 + timedelta(hours=6)
    assert response_deadline(2, T0, hours) == T0 + timedelta(hours=24)
    assert response_deadline(1, T0, hours) is None and response_deadline(0, T0, hours) is None
    assert response_deadline(4, T0, {4: 0.5}) == T0 + timedelta(minutes=30)


def test_overdue_and_response_time():
    d = T0 + timedelta(hours=2)
    assert not is_overdue(d, None, d - timedelta(minutes=1))
    assert is_overdue(d, None, d + timedelta(minutes=1))
    assert not is_overdue(d, T0 + timedelta(hours=1), d + timedelta(hours=1))
    assert is_overdue(d, d + timedelta(minutes=5), d + timedelta(hours=1))  # acknowledged too late
    assert routing.response_minutes(T0, T0 + timedelta(hours=2, minutes=3)) == 123.0
    assert routing.response_minutes(T0, None) is None


def test_backoff_doubles_and_is_capped():
    waits = [backoff_delay(n, base_s=300, cap_s=3600).total_seconds() for n in range(1, 8)]
    assert waits == [300, 600, 1200, 2400, 3600, 3600, 3600]
    assert backoff_delay(10_000, base_s=1, cap_s=5).total_seconds() == 5


def test_digest_day_and_delivery_ids():
    assert delivery.digest_day(datetime(2025, 8, 16, 6, 30, tzinfo=TZ), "06:00") == "2025-08-15"
    assert delivery.digest_day(datetime(2025, 8, 15, 23, 30, tzinfo=ZoneInfo("UTC")), "06:00") == "2025-08-15"
    ids = {delivery.delivery_id(p, "k", "u", c) for p in ("alert", "escalation") for c in ("email", "webhook")}
    assert len(ids) == 4


def test_webhook_signature_is_per_unit_and_covers_body_and_time():
    k1, k2 = transport.unit_webhook_key("s", "unit:a"), transport.unit_webhook_key("s", "unit:b")
    assert k1 != k2
    sig = transport.sign(k1, 100, b"{}")
    assert transport.verify(k1, 100, b"{}", sig)
    assert not transport.verify(k2, 100, b"{}", sig)
    assert not transport.verify(k1, 101, b"{}", sig)


def test_units_cover_the_148_communes_and_the_departments():
    rows = units.unit_rows()
    communes = [r for r in rows if r["kind"] == "commune"]
    assert len(communes) == 148 == len({r["place_id"] for r in communes})
    depts = {r["id"]: r for r in rows if r["kind"] == "department"}
    assert "unit:org:pt:so-vhttdl" in depts  # the default information unit exists
    assert DeliverySettings().info_unit in depts
    # departments merged on 1 March 2025 are watched by the body they joined
    assert "org:pt:so-khdt" in depts["unit:org:pt:so-tai-chinh"]["watch_orgs"]
    assert "org:pt:so-gtvt" in depts["unit:org:pt:so-xay-dung"]["watch_orgs"]
    assert {"org:pt:cong-an-vinh-phuc", "org:pt:cong-an-hoa-binh"} <= set(depts["unit:org:pt:cong-an"]["watch_orgs"])
    topics = units.topic_labels()
    assert all(t in topics for d in depts.values() for t in d["watch_topics"])


def test_departments_file_errors_are_clear(tmp_path):
    from common.errors import DataError

    bad = tmp_path / "d.csv"
    bad.write_text("org_id,topics,keywords,also_watch,note\norg:pt:so-tttt,health,,,\n", encoding="utf-8")
    with pytest.raises(DataError, match="merged into"):
        units.department_rows(bad)
    bad.write_text("org_id,topics,keywords,also_watch,note\norg:pt:so-yte,nonsense,,,\n", encoding="utf-8")
    with pytest.raises(DataError, match="unknown topics"):
        units.department_rows(bad)


def test_contacts_are_checked():
    from common.errors import ValidationError

    with pytest.raises(ValidationError):
        units.set_contacts(None, [{"unit_id": "unit:x", "email": "not an address"}])  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        units.set_contacts(None, [{"unit_id": "unit:x", "webhook_url": "ftp://x"}])  # type: ignore[arg-type]


def test_settings_read_deadlines_from_the_environment(monkeypatch):
    monkeypatch.setenv("LANTOA_DELIVERY_DEADLINE_HOURS", '{"4": 1, "3": 3}')
    assert DeliverySettings().deadline_hours == {4: 1.0, 3: 3.0}
    monkeypatch.setenv("LANTOA_DELIVERY_DEADLINE_HOURS", '{"7": 1}')
    with pytest.raises(ValueError):
        DeliverySettings()


def test_messages_are_vietnamese_and_carry_the_deadline():
    a = {"alert_id": "al1", "title": "Tin tiêu cực địa phương lan rộng: Cá chết", "level": 4,
         "reasons": ["tăng nhanh"], "route_reasons": ["tin nhắc đến địa bàn Phường Vân Phú"],
         "deadline_at": "2025-08-15T11:00:00+07:00", "story_id": "s1", "unit_name": "Phường Vân Phú",
         "routed_at": "2025-08-15T09:00:00+07:00"}
    body = messages.alert_body(a, unit_name="Phường Vân Phú", public_url="https://lantoa.example")
    assert "trước 11:00 15/08/2025" in body and "https://lantoa.example/stories/s1" in body
    assert messages.alert_subject(a).startswith("[Lan Tỏa] Cảnh báo mức 4 (khủng hoảng)")
    esc = messages.escalation_body(a, unit_name="Sở VHTTDL")
    assert "Phường Vân Phú chưa xác nhận" in esc and "hạn 11:00 15/08/2025" in esc
