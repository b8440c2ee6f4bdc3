"""Vietnamese news dates → aware datetimes in Asia/Ho_Chi_Minh.

Handles the forms outlets print: ``Thứ năm, 3/7/2025, 08:15 (GMT+7)``, ``03/07/2025 - 08:15``,
``08:15 03/07/2025``, ``15:30 ngày 03/07/2025``, ``ngày 3 tháng 7 năm 2025``, ``3 giờ trước`` (relative
to the capture time), ``Hôm qua lúc 10:20``, ISO 8601 and Unix timestamps.

>>> parse_vn_datetime("Thứ năm, 3/7/2025, 08:15 (GMT+7)").isoformat()
'2025-07-03T08:15:00+07:00'
>>> from datetime import datetime
>>> now = datetime(2025, 7, 3, 12, 0, tzinfo=VN_TZ)
>>> parse_vn_datetime("3 giờ trước", now=now).isoformat()
'2025-07-03T09:00:00+07:00'
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?",
    re.I,
)
_DMY = re.compile(r"(?<!\d)(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})(?!\d)")
_WORDY = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s*(?:,|năm)\s*(?P<y>\d{4}))?", re.I)
_HM = re.compile(
    r"(?<![\d/.\-])(?P<H>\d{1,2})\s*(?::|h|g|giờ)\s*(?P<M>\d{2})(?:\s*(?::|phút)\s*(?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm>AM|PM|SA|CH|sáng|chiều|tối))?(?![\d/])",
    re.I,
)
_OFFSET = re.compile(r"(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?", re.I)
_RELATIVE = re.compile(r"(?P<n>\d+|một|vài)\s*(?P<unit>giây|phút|giờ|tiếng|ngày|tuần|tháng|năm)\s*trước", re.I)
_TS = re.compile(r"^\s*(?P<ts>\d{10}(?:\d{3})?)(?:\.\d+)?\s*$")
_UNIT_SECONDS = {"giây": 1, "phút": 60, "giờ": 3600, "tiếng": 3600, "ngày": 86400, "tuần": 7 * 86400,
                 "tháng": 30 * 86400, "năm": 365 * 86400}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def to_vn(dt: datetime) -> datetime:
    """Aware datetime in Asia/Ho_Chi_Minh; a naive one is read as Vietnamese local time."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=VN_TZ)
    return dt.astimezone(VN_TZ)


def _year(y: str) -> int:
    n = int(y)
    return n + 2000 if n < 100 else n


def _tz_from(text: str):
    """The printed UTC offset ("GMT+7"), or Vietnamese time when there is none or it is impossible
    (real offsets lie within ±14 h)."""
    m = _OFFSET.search(text)
    if not m:
        return VN_TZ
    minutes = int(m.group("h")) * 60 + int(m.group("m") or 0)
    if minutes > 14 * 60 or int(m.group("m") or 0) > 59:
        return VN_TZ
    return timezone(timedelta(minutes=minutes if m.group("sign") == "+" else -minutes))


def _clock(h: int, mi: int, s: int) -> time | None:
    """A time of day, or None when the printed one is impossible (25:00, 10:75)."""
    return time(h, mi, s) if h < 24 and mi < 60 and s < 60 else None


def _hm(text: str) -> time | None:
    for m in _HM.finditer(text):
        h, mi, s = int(m.group("H")), int(m.group("M")), int(m.group("S") or 0)
        ampm = (m.group("ampm") or "").lower()
        if ampm in ("pm", "ch", "chiều", "tối") and h < 12:
            h += 12
        elif ampm in ("am", "sa", "sáng") and h == 12:
            h = 0
        if (t := _clock(h, mi, s)) is not None:
            return t
    return None


def _relative(text: str, now: datetime) -> datetime | None:
    low = text.lower()
    m = _RELATIVE.search(low)
    if m:
        raw = m.group("n")
        n = 1 if raw in ("một", "vài") else int(raw)
        return now - timedelta(seconds=n * _UNIT_SECONDS[m.group("unit")])
    day_shift = None
    if "hôm qua" in low:
        day_shift = 1
    elif "hôm nay" in low or "vừa xong" in low or "mới đây" in low:
        day_shift = 0
    if day_shift is None:
        return None
    if "vừa xong" in low:
        return now
    t = _hm(low) or now.timetz().replace(tzinfo=None)
    d = (now - timedelta(days=day_shift)).date()
    return datetime.combine(d, t, tzinfo=VN_TZ)


def parse_vn_datetime(text: str | int | float | None, *, now: datetime | None = None) -> datetime | None:
    """Parse one date string as printed by Vietnamese outlets. ``now`` (the capture time) anchors
    relative forms. Returns an aware datetime in Asia/Ho_Chi_Minh, or ``None`` when nothing parses.

    Never raises on page text: an impossible date (31/02/2025, year 0, beyond year 9999 once shifted to
    Vietnamese time) gives ``None``; an impossible time of day next to a valid date (``2025-07-01T25:00``)
    is dropped and the date is kept at midnight, as for a date printed without a time. An impossible UTC
    offset (``GMT+99``) is ignored (Vietnamese time assumed)."""
    try:
        return _parse(text, now)
    except (ValueError, OverflowError, OSError):
        # out-of-range values that slip past the explicit checks below (huge relative spans, timestamps or
        # offsets pushing a date past year 1 / 9999): garbage in a page, never a crash of the crawl
        return None


def _parse(text: str | int | float | None, now: datetime | None) -> datetime | None:
    if text is None:
        return None
    if isinstance(text, int | float):
        text = str(text)
    text = _nfc(str(text)).strip()
    if not text:
        return None
    now = to_vn(now) if now else datetime.now(VN_TZ)
    if m := _TS.match(text):
        ts = int(m.group("ts"))
        ts = ts / 1000 if ts > 10**11 else ts
        return datetime.fromtimestamp(ts, UTC).astimezone(VN_TZ)
    if m := _ISO.search(text):
        try:
            d = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            d = None
        if d is not None:
            tz = m.group("tz")
            t = None
            if m.group("H") is not None:
                t = _clock(int(m.group("H")), int(m.group("M")), int(m.group("S") or 0))
                if t is None:  # an impossible time of day: keep the date alone (its offset went with the time)
                    t, tz = time(0, 0), None
            if t is None:
                t = _hm(text[m.end():]) or time(0, 0)
            if tz:
                iso = f"{d.isoformat()}T{t.isoformat()}{'+00:00' if tz.upper() == 'Z' else tz}"
                if re.fullmatch(r".*[+-]\d{4}", iso):
                    iso = iso[:-2] + ":" + iso[-2:]
                return datetime.fromisoformat(iso).astimezone(VN_TZ)
            return datetime.combine(d, t, tzinfo=_tz_from(text)).astimezone(VN_TZ)
    d = None
    rest = text
    if m := _DMY.search(text):
        day, month = int(m.group("d")), int(m.group("m"))
        if month > 12 and day <= 12:  # US order ("3/24/2024 7:12:35 AM" in some CMS metadata)
            day, month = month, day
        try:
            d = date(_year(m.group("y")), month, day)
        except ValueError:
            d = None
        rest = text[: m.start()] + " " + text[m.end():]
    elif m := _WORDY.search(text):
        try:
            d = date(int(m.group("y") or now.year), int(m.group("m")), int(m.group("d")))
        except ValueError:
            d = None
        if d is not None and not m.group("y") and d > now.date():  # a year-less date is never in the future
            d = _previous_year(d)
        rest = text[: m.start()] + " " + text[m.end():]
    if d is not None:
        rest = _OFFSET.sub(" ", rest)
        t = _hm(rest) or time(0, 0)
        return datetime.combine(d, t, tzinfo=_tz_from(text)).astimezone(VN_TZ)
    return _relative(text, now)


def _previous_year(d: date) -> date | None:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return None


_FULL_DATE = re.compile(
    r"(?<![\d/.\-])(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{1,2}-\d{1,2}|"
    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s*(?:,|năm)\s*\d{4})(?![\d/])",
    re.I,
)
_UPDATED = re.compile(
    r"(?:cập nhật|update[ds]?|sửa đổi|chỉnh sửa)\s*(?:lúc|ngày)?\s*[:\-]?\s*(?:\d{1,2}\s*[:h]\s*\d{2}\s*[,\-]?\s*)?"
    r"(?:ngày\s*)?$",
    re.I,
)


def has_full_date(text: str) -> bool:
    """Whether a printed date names its year (``24/03/2024``, ISO, ``ngày 3 tháng 7 năm 2025``, a timestamp):
    a year-less "24/03" or "3 giờ trước" is not a full date."""
    text = _nfc(str(text))
    return bool(_FULL_DATE.search(text) or _TS.match(text))


def find_datetimes(text: str, *, now: datetime | None = None, limit: int = 20) -> list[tuple[datetime, bool, int]]:
    """Full dates printed in running text, in order: (datetime in Asia/Ho_Chi_Minh, whether a time of day is
    printed next to it, offset in ``text``). A date labelled as an update ("Cập nhật: …") is skipped; the time of
    day is looked for within a few characters on either side ("07:12 ngày 24/03/2024", "2/2/2025 05:01")."""
    out: list[tuple[datetime, bool, int]] = []
    text = _nfc(text)
    for m in _FULL_DATE.finditer(text):
        if _UPDATED.search(text[max(0, m.start() - 30): m.start()]):
            continue
        lo, hi = max(0, m.start() - 12), min(len(text), m.end() + 20)
        before = text[lo: m.start()]
        after = text[m.end(): hi]
        window = before.split("\n")[-1] + " " + m.group(0) + " " + after.split("\n")[0]
        dt = parse_vn_datetime(window, now=now)
        if dt is None:
            continue
        timed = _hm(_OFFSET.sub(" ", before.split("\n")[-1] + " " + after.split("\n")[0])) is not None
        out.append((dt, timed, m.start()))
        if len(out) >= limit:
            break
    return out


def has_time_of_day(text: str) -> bool:
    """Whether a printed date carries a possible time of day (hours and minutes): date-only values, and values
    whose printed time is impossible (``2025-07-01T25:00``, read as the date alone), are less precise."""
    text = _nfc(str(text))
    if _hm(_OFFSET.sub(" ", text)) is not None:
        return True
    m = re.search(r"T(\d{2}):(\d{2})", text)
    return bool(m and _clock(int(m.group(1)), int(m.group(2)), 0))
