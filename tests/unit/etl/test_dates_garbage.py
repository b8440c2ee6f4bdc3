"""Impossible dates and times in page text give None (or the date alone), never an exception."""

from __future__ import annotations

from datetime import datetime

import pytest

from etl.extraction.dates import VN_TZ, parse_vn_datetime

NOW = datetime(2025, 7, 3, 12, 0, tzinfo=VN_TZ)


@pytest.mark.parametrize("text", ["2025-07-01T25:00", "2025-07-01T10:75", "2025-07-01T23:59:61",
                                  "2025-07-01T24:00+07:00"])
def test_impossible_iso_time_keeps_the_date_at_midnight(text):
    assert parse_vn_datetime(text, now=NOW) == datetime(2025, 7, 1, tzinfo=VN_TZ)


@pytest.mark.parametrize("text", ["2025-02-30T10:00", "31/02/2025 10:00", "ngày 32 tháng 1 năm 2025",
                                  "0001-01-01T00:00+14:00", "9999-12-31T23:00-05:00", "2025-07-01T10:00+9999",
                                  "99999999999999 năm trước", "0000-00-00 00:00:00"])
def test_impossible_dates_give_none(text):
    assert parse_vn_datetime(text, now=NOW) is None


def test_impossible_printed_offset_is_ignored():
    assert parse_vn_datetime("03/07/2025 08:15 GMT+99", now=NOW) == datetime(2025, 7, 3, 8, 15, tzinfo=VN_TZ)


def test_precision_of_an_impossible_time_is_the_day():
    from etl.extraction.dates import has_time_of_day

    assert has_time_of_day("2025-07-01T08:15:00+07:00") and has_time_of_day("08:15 03/07/2025")
    assert has_time_of_day("15h30 ngày 03/07/2025")
    assert not has_time_of_day("2025-07-01T25:00") and not has_time_of_day("03/07/2025")
