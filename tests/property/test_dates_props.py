"""Properties of etl.extraction.dates.parse_vn_datetime: the printed forms Vietnamese outlets use parse back
to the same minute; ISO with any offset gives the same instant; relative forms count back from the capture
time; arbitrary text never raises."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import example, given
from hypothesis import strategies as st

from etl.extraction.dates import VN_TZ, parse_vn_datetime

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=VN_TZ))


@given(moments, st.sampled_from(range(6)))
def test_printed_forms_round_trip(d, form):
    wd = WEEKDAYS[d.weekday()]
    text = [
        f"{wd}, {d.day}/{d.month}/{d.year}, {d:%H:%M} (GMT+7)",
        f"{d:%d/%m/%Y - %H:%M}",
        f"{d:%H:%M %d/%m/%Y}",
        f"{d:%H:%M} ngày {d:%d/%m/%Y}",
        f"{d:%d-%m-%Y %Hh%M}",
        d.isoformat(),
    ][form]
    got = parse_vn_datetime(text)
    assert got == d, (text, got)
    assert got.utcoffset() == timedelta(hours=7)


@given(moments)
def test_wordy_date_is_midnight_of_that_day(d):
    got = parse_vn_datetime(f"ngày {d.day} tháng {d.month} năm {d.year}")
    assert got == d.replace(hour=0, minute=0)


@given(moments, st.integers(-12 * 60, 14 * 60))
def test_iso_offsets_keep_the_instant(d, minutes):
    other = d.astimezone(timezone(timedelta(minutes=minutes)))
    assert parse_vn_datetime(other.isoformat()) == d


@given(moments, st.integers(1, 500), st.sampled_from([("phút", 60), ("giờ", 3600), ("ngày", 86400)]))
def test_relative_forms_count_back_from_capture(now, n, unit):
    name, secs = unit
    assert parse_vn_datetime(f"{n} {name} trước", now=now) == now - timedelta(seconds=n * secs)


@given(st.integers(1_000_000_000, 4_102_444_800))  # 10-digit seconds (13-digit millis)
def test_unix_seconds_and_millis_agree(ts):
    a = parse_vn_datetime(str(ts))
    b = parse_vn_datetime(str(ts * 1000))
    assert a == b and a.timestamp() == ts


@given(st.text(max_size=60))
def test_arbitrary_text_never_raises(s):
    got = parse_vn_datetime(s, now=datetime(2025, 7, 1, tzinfo=VN_TZ))
    assert got is None or got.utcoffset() is not None


@given(st.integers(0, 99), st.integers(0, 99))
@example(25, 0)
def test_impossible_clock_times_in_iso_never_raise(h, m):
    """'2025-07-01T25:00' is garbage in a page, not a crash of the crawl. (etl/extraction/dates.py builds
    time(H, M) from an ISO match without a range check: ValueError escapes for H > 23 or M > 59.)"""
    got = parse_vn_datetime(f"2025-07-01T{h:02d}:{m:02d}")
    assert got is None or got.date().isoformat() == "2025-07-01"
