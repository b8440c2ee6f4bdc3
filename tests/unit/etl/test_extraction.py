from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from etl.extraction.article import decode_html, extract_article
from etl.extraction.bylines import is_byline_line, parse_byline, source_attribution, strip_source_tag
from etl.extraction.dates import VN_TZ, parse_vn_datetime
from nlp.fingerprint import content_hash

FIX = Path(__file__).parent / "fixtures"
NOW = datetime(2025, 7, 3, 12, 0, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thứ năm, 3/7/2025, 08:15 (GMT+7)", "2025-07-03T08:15:00+07:00"),
        ("03/07/2025 - 08:15", "2025-07-03T08:15:00+07:00"),
        ("08:15 03/07/2025", "2025-07-03T08:15:00+07:00"),
        ("15:30 ngày 03/07/2025", "2025-07-03T15:30:00+07:00"),
        ("Cập nhật: 08:15, 03/07/2025", "2025-07-03T08:15:00+07:00"),
        ("2025-07-03T01:15:00Z", "2025-07-03T08:15:00+07:00"),
        ("2025-07-03T08:15:00+0700", "2025-07-03T08:15:00+07:00"),
        ("2025-07-03 08:15", "2025-07-03T08:15:00+07:00"),
        ("1751505300", "2025-07-03T08:15:00+07:00"),
        ("3 giờ trước", "2025-07-03T09:00:00+07:00"),
        ("5 phút trước", "2025-07-03T11:55:00+07:00"),
        ("Hôm qua lúc 10:20", "2025-07-02T10:20:00+07:00"),
        ("ngày 3 tháng 7 năm 2025", "2025-07-03T00:00:00+07:00"),
        ("3/7/2025 8:15 PM", "2025-07-03T20:15:00+07:00"),
        ("Thứ 2, ngày 30/10/2023 - 11 giờ 25 phút", "2023-10-30T11:25:00+07:00"),
        ("09:00 GMT+0 03/07/2025", "2025-07-03T16:00:00+07:00"),
    ],
)
def test_vietnamese_dates(text: str, expected: str) -> None:
    assert parse_vn_datetime(text, now=NOW).isoformat() == expected


@pytest.mark.parametrize("text", ["", "không rõ", "99/99/2025", None])
def test_unparseable_dates_give_none(text) -> None:
    assert parse_vn_datetime(text, now=NOW) is None


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Minh Anh", ["Minh Anh"]),
        ("Bài và ảnh: Thu Hà", ["Thu Hà"]),
        ("Bài: Minh Anh - Ảnh: Hoàng Long", ["Minh Anh"]),
        ("Thu Hà - Minh Anh", ["Thu Hà", "Minh Anh"]),
        ("Hoàng Long (TTXVN)", ["Hoàng Long"]),
        ("Ảnh: Hoàng Long", []),
        ("Theo VnExpress", []),
        ("TTXVN", []),
        ("Video: Nam Anh; đồ họa: Quang Huy", []),
        ("Nguyễn Văn An, Trần Thị Bình", ["Nguyễn Văn An", "Trần Thị Bình"]),
        ("Đ.Tùng", ["Đ.Tùng"]),
        ("Báo Phú Thọ", []),
    ],
)
def test_bylines(byline: str, names: list[str]) -> None:
    assert parse_byline(byline) == names


def test_source_tags_are_not_authors() -> None:
    assert strip_source_tag("(Dân trí) - Sáng 3/7, tỉnh Phú Thọ") == ("Sáng 3/7, tỉnh Phú Thọ", "Dân trí")
    assert strip_source_tag("PTO- Sáng nay") == ("Sáng nay", "PTO")
    assert strip_source_tag("(3/7) - Sáng nay") == ("(3/7) - Sáng nay", None)
    assert source_attribution("Nội dung. Theo VnExpress") == "VnExpress"
    assert not is_byline_line("Lực lượng cứu hộ đang tìm kiếm hai người mất tích trong đêm qua.")


def test_outlet_selectors_closing_byline_and_canonical() -> None:
    html = (FIX / "vnexpress_style.html").read_bytes()
    rec = extract_article(html, "https://vnexpress.net/lu-quet-o-tan-son-hai-nguoi-mat-tich-4912345.html"
                                "?utm_source=facebook&fbclid=abc#box", captured_at=NOW)
    assert rec.title == "Lũ quét ở Tân Sơn, hai người mất tích"
    assert rec.published_at == "2025-07-03T08:15:00+07:00"
    assert rec.authors == ["Minh Anh"]
    assert "Hoàng Long" not in rec.authors
    assert rec.canonical_url == "https://vnexpress.net/lu-quet-o-tan-son-hai-nguoi-mat-tich-4912345.html"
    assert rec.section == "Thời sự"
    assert "Minh Anh" not in rec.text and "Ảnh: Hoàng Long" not in rec.text
    assert rec.links == ["https://baophutho.vn/cuu-ho-tan-son-123.htm"]
    assert rec.language == "vi"
    assert rec.methods["published_at"] == "selectors"


def test_jsonld_first_organisation_authors_dropped_source_tag_stripped() -> None:
    rec = extract_article((FIX / "dantri_style.html").read_text(encoding="utf-8"),
                          "https://dantri.com.vn/xa-hoi/phu-tho-khoi-cong-cau-20250705093000.htm",
                          captured_at=datetime(2025, 7, 5, 12, 0, tzinfo=VN_TZ))  # the page is dated 5/7
    assert rec.title == "Phú Thọ khởi công cầu mới qua sông Lô"
    assert rec.authors == ["Thu Hà"]
    assert rec.published_at == "2025-07-05T09:30:00+07:00"
    assert rec.modified_at == "2025-07-05T10:02:00+07:00"
    assert rec.lead == "Sáng 5/7, UBND tỉnh Phú Thọ khởi công cầu mới qua sông Lô."
    assert rec.source_tag == "Dân trí"
    assert rec.tags == ["Phú Thọ", "cầu", "sông Lô"]
    assert rec.methods["title"] == "selectors"  # the visible headline (the outlet's h1) comes before JSON-LD


def test_meta_and_generic_body_with_closing_byline() -> None:
    rec = extract_article((FIX / "meta_only.html").read_bytes(), "https://baophutho.vn/hoi-nghi-123.htm",
                          captured_at=NOW)
    assert rec.published_at == "2025-07-03T08:15:00+07:00"
    assert rec.authors == ["Lệ Oanh"]
    assert rec.section == "Kinh tế"
    assert rec.tags == ["đầu tư", "Phú Thọ"]
    assert rec.text.startswith("PTO- Sáng nay")
    assert "Lệ Oanh" not in rec.text


def test_relative_time_uses_capture_time() -> None:
    html = "<html><body><h1>Tin nóng</h1><span class='time'>3 giờ trước</span><p>x</p></body></html>"
    rec = extract_article(html, "https://example.vn/a", captured_at=NOW, use_fallback=False)
    assert rec.published_at == "2025-07-03T09:00:00+07:00"


def test_wrongly_declared_encoding_is_repaired() -> None:
    body = "<html><head><meta charset='windows-1252'></head><body><h1>Tỉnh Phú Thọ</h1></body></html>".encode()
    text, enc, warning = decode_html(body, "text/html; charset=windows-1252")
    assert "Tỉnh Phú Thọ" in text and enc == "utf-8" and "wrong" in warning
    rec = extract_article(body, "https://example.vn/b", content_type="text/html; charset=windows-1252",
                          captured_at=NOW, use_fallback=False)
    assert rec.title == "Tỉnh Phú Thọ"
    assert any("encoding" in w for w in rec.warnings)


@pytest.mark.parametrize("html", ["", "<html><body><div><p>unclosed", "\x00\x01garbage<<<>>>", "<html>" * 5000])
def test_malformed_html_never_raises(html: str) -> None:
    rec = extract_article(html, "https://example.vn/c", captured_at=NOW, use_fallback=False)
    assert rec.canonical_url == "https://example.vn/c"


def test_js_only_body_is_reported() -> None:
    html = "<html><head><title>Bài</title></head><body><div id='app'></div><script>render()</script></body></html>"
    rec = extract_article(html, "https://example.vn/d", captured_at=NOW)
    assert rec.text is None
    assert any("JavaScript" in w for w in rec.warnings)


def test_content_hash_ignores_case_and_spacing() -> None:
    assert content_hash("Tiêu đề", "Nội  dung\nbài") == content_hash("tiêu đề", "nội dung bài")
    assert content_hash(None, None) is None


def test_windows_1258_declared_as_utf8_is_repaired() -> None:
    text = "<html><head><meta charset='utf-8'></head><body><h1>Tỉnh Phú Thọ khởi công cầu mới</h1></body></html>"
    import unicodedata

    body = unicodedata.normalize("NFD", text).encode("cp1258", errors="ignore")
    decoded, enc, warning = decode_html(body, "text/html; charset=utf-8")
    assert enc == "cp1258" and "Tỉnh Phú Thọ" in decoded and "windows-1258" in warning


def _dated(iso: str) -> str:
    return (f'<html><head><meta property="article:published_time" content="{iso}"><title>Tin Phú Thọ</title>'
            f'</head><body><article><h1>Tin Phú Thọ</h1><div class="content"><p>Nội dung bài viết về tỉnh.</p>'
            f'</div></article></body></html>')


def test_future_publication_date_is_kept_aside_not_used() -> None:
    rec = extract_article(_dated("2026-07-03T12:00:00+07:00"), "https://example.vn/f", captured_at=NOW,
                          use_fallback=False)
    assert rec.published_at is None and rec.published_precision is None
    assert rec.published_at_claimed == "2026-07-03T12:00:00+07:00"
    assert any("future" in w for w in rec.warnings)
    assert "published_at" not in rec.methods


def test_publication_a_few_minutes_ahead_is_clock_skew_clamped_to_capture() -> None:
    rec = extract_article(_dated("2025-07-03T12:05:00+07:00"), "https://example.vn/g", captured_at=NOW,
                          use_fallback=False)
    assert rec.published_at == NOW.isoformat()
    assert rec.published_at_claimed == "2025-07-03T12:05:00+07:00"
    assert any("future" in w and "clamped" in w for w in rec.warnings)


def test_past_publication_date_is_untouched() -> None:
    rec = extract_article(_dated("2025-07-03T11:59:00+07:00"), "https://example.vn/h", captured_at=NOW,
                          use_fallback=False)
    assert rec.published_at == "2025-07-03T11:59:00+07:00" and rec.published_at_claimed is None
    assert not any("future" in w for w in rec.warnings)
