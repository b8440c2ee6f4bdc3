"""Extraction reads a page the way a reader does: the failure kinds seen on real pages of Vietnamese outlets,
each rebuilt as a small hand-written page (no real page is copied here)."""

from __future__ import annotations

from datetime import datetime

import pytest

from etl.extraction.article import extract_article
from etl.extraction.bylines import parse_byline, read_byline, source_line
from etl.extraction.dates import VN_TZ, parse_vn_datetime
from etl.extraction.entities import decode_entities
from etl.items import PageItem
from etl.pipelines import ExtractPipeline, article_rows

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=VN_TZ)
URL = "https://baomau.vn/xa-hoi/bai-viet-123456.htm"
PARAS = "".join(f"<p>Đoạn {i}: người dân xã Thanh Sơn tham gia làm đường giao thông nông thôn mới.</p>"
                for i in range(4))


def page(head: str = "", body: str = "", *, title: str = "Tiêu đề") -> str:
    return (f'<html lang="vi"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body>{body}</body></html>")


def extract(html: str, **kw):
    kw.setdefault("captured_at", NOW)
    return extract_article(html, URL, **kw)


# -- titles -----------------------------------------------------------------------------------------------------


def test_entities_decoded_once_and_twice() -> None:
    assert decode_entities("Ch&#237;nh s&#225;ch m&#7899;i") == "Chính sách mới"
    assert decode_entities("Chi&amp;#7871;n s&amp;#7921;") == "Chiến sự"
    assert decode_entities("Giá 5&nbsp;triệu & hơn") == "Giá 5 triệu & hơn"
    assert decode_entities("R&D") == "R&D"


def test_title_with_entities_in_jsonld_and_no_headline() -> None:
    ld = ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ch&#237;nh s&#225;ch '
          'm&#7899;i v&#7873; &#273;&#7845;t &#273;ai"}</script>')
    rec = extract(page(ld, f'<div class="detail-content">{PARAS}</div>'), use_fallback=False)
    assert rec.title == "Chính sách mới về đất đai"


def test_title_double_escaped_in_og_title() -> None:
    head = '<meta property="og:title" content="Chi&amp;#7871;n s&amp;#7921; &#7903; bi&amp;#234;n gi&amp;#7899;i">'
    rec = extract(page(head, f'<div class="detail-content">{PARAS}</div>'), use_fallback=False)
    assert rec.title == "Chiến sự ở biên giới"


def test_visible_headline_preferred_to_og_title_and_logo_h1_skipped() -> None:
    head = ('<meta property="og:title" content="Phú Thọ: làm đường nông thôn | SEO">'
            '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Phú Thọ làm đường"}</script>')
    body = ('<header><h1 class="site-logo"><a href="/"><img alt="Báo Mẫu" src="l.png"></a></h1></header>'
            '<article><h1 class="x-headline">Phú Thọ: người dân hiến 2.000 m&#178; đất làm đường</h1>'
            f'<div class="detail-content">{PARAS}</div></article>')
    rec = extract(page(head, body), use_fallback=False)
    assert rec.title == "Phú Thọ: người dân hiến 2.000 m² đất làm đường"
    assert rec.methods["title"] == "visible"


def test_headline_image_alt_is_the_title() -> None:
    head = '<meta property="og:title" content="Thế trận giằng co sau 10 tháng">'
    body = ('<h1 class="logo"><img alt="" src="logo.png"></h1>'
            '<h1><img alt="Thế trận giằng co sau 10 tháng xung đột" src="cover.jpg"></h1>'
            f'<div class="detail-content">{PARAS}</div>')
    rec = extract(page(head, body), use_fallback=False)
    assert rec.title == "Thế trận giằng co sau 10 tháng xung đột"


def test_section_name_in_h1_is_not_the_headline() -> None:
    head = '<meta property="og:title" content="Khánh thành cầu Phong Châu mới">'
    body = f'<h1 class="cat">Thời sự</h1><div class="detail-content">{PARAS}</div>'
    rec = extract(page(head, body), use_fallback=False)
    assert rec.title == "Khánh thành cầu Phong Châu mới"


# -- bylines ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Theo Hồ Hương", ["Hồ Hương"]),
        ("NHẬT XUÂN - NGHI VŨ", ["Nhật Xuân", "Nghi Vũ"]),
        ("NHẬT XUÂN-NGHI VŨ", ["Nhật Xuân", "Nghi Vũ"]),
        ("Minh Anh, Thu Hà và Lệ Oanh", ["Minh Anh", "Thu Hà", "Lệ Oanh"]),
        ("Minh Anh/TTXVN", ["Minh Anh"]),
        ("Hoàng Long (TTXVN)", ["Hoàng Long"]),
        ("PV Minh Anh", ["Minh Anh"]),
        ("Nhóm PV", []),
        ("Nhóm PV Hồng Nhung, Minh Anh", ["Hồng Nhung", "Minh Anh"]),
        ("Phóng viên: Lan Anh", ["Lan Anh"]),
        ("Bài: Minh Anh - Ảnh: Hoàng Long", ["Minh Anh"]),
        ("Theo VnEconomy", []),
        ("Theo Lao Động", []),
        ("Theo Tài chính Plus", []),
        ("Đỗ Trung • 07:12 ngày 24/03/2024", ["Đỗ Trung"]),
        ("Tiến Long - Công Vinh", ["Tiến Long", "Công Vinh"]),
    ],
)
def test_byline_names(byline: str, authors: list[str]) -> None:
    assert parse_byline(byline) == authors


def test_photographers_and_sources_kept_apart() -> None:
    r = read_byline("Bài: Minh Anh - Ảnh: Hoàng Long")
    assert r["authors"] == ["Minh Anh"] and r["photographers"] == ["Hoàng Long"]
    r = read_byline("Theo Thanh Xuân / VnEconomy")
    assert r["authors"] == ["Thanh Xuân"] and r["sources"] == ["VnEconomy"]
    assert source_line("Theo VnEconomy") == "VnEconomy"
    assert source_line("VnEconomy") == "VnEconomy"
    assert source_line("Theo Tài chính Plus") == "Tài chính Plus"
    assert source_line("Theo Hồ Hương") is None
    assert source_line("Kylian Mbappe (Pháp): +20 triệu euro") is None


def test_byline_only_at_the_end_of_the_body_with_source_line() -> None:
    body = (f'<h1>Giá chung cư vẫn neo cao</h1><div class="detail-content">{PARAS}'
            "<p>Theo Thanh Xuân</p><p>VnEconomy</p></div>")
    rec = extract(page(body=body), use_fallback=False)
    assert rec.authors == ["Thanh Xuân"]
    assert rec.attributed_source == "VnEconomy"
    assert "VnEconomy" not in rec.text and "Thanh Xuân" not in rec.text


def test_two_authors_in_capitals_at_the_end() -> None:
    body = f'<h1>Một bài báo mẫu</h1><div class="detail-content">{PARAS}<p><b>NHẬT XUÂN - NGHI VŨ</b></p></div>'
    rec = extract(page(body=body), use_fallback=False)
    assert rec.authors == ["Nhật Xuân", "Nghi Vũ"]


def test_visible_byline_completes_jsonld_that_names_one_author() -> None:
    ld = ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Một bài báo mẫu",'
          '"author":{"@type":"Person","name":"NHẬT XUÂN"}}</script>')
    body = (f'<h1>Một bài báo mẫu</h1><div class="detail-content">{PARAS}</div>'
            '<div class="author">NHẬT XUÂN - NGHI VŨ</div>')
    rec = extract(page(ld, body), use_fallback=False)
    assert rec.authors == ["Nhật Xuân", "Nghi Vũ"]


def test_byline_in_a_box_after_the_body() -> None:
    ld = ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Một bài báo mẫu",'
          '"author":{"@type":"Organization","name":"T&#7840;P CH&#205; M&#7850;U"}}</script>')
    body = (f'<h1>Một bài báo mẫu</h1><div id="postContent">{PARAS}</div>'
            '<div class="tools"></div><div class="editor"><a href="/tac-gia/do-trung">&#x110;&#x1ED7; Trung</a>'
            " &bull; 07:12 ng&#xE0;y 24/03/2024</div>")
    rec = extract(page(ld, body), use_fallback=False)
    assert rec.authors == ["Đỗ Trung"]


def test_photo_credits_are_not_authors() -> None:
    body = (f'<h1>Phóng sự ảnh đêm Giáng sinh</h1><div class="detail-content">{PARAS}'
            "<p>Người dân đổ về nhà thờ lớn (Ảnh: Trần Đạt).</p><p>Ảnh: Dương Nguyên</p></div>")
    rec = extract(page(body=body), use_fallback=False)
    assert rec.authors == []
    assert rec.photographers == ["Dương Nguyên"]


def test_syndication_source_is_not_an_author() -> None:
    body = (f'<h1>Bảy câu nói truyền cảm hứng</h1><div class="detail-content">{PARAS}</div>'
            '<p class="author">Hà Lê</p><p class="source">Theo Tài chính Plus</p>')
    rec = extract(page(body=body), use_fallback=False)
    assert rec.authors == ["Hà Lê"]
    assert rec.attributed_source == "Tài chính Plus"


def test_theo_a_known_outlet_is_a_source_theo_a_person_an_author() -> None:
    # "Theo" credits a writer as well as an outlet; the registry's outlet names tell them apart
    ld = ('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Một bài báo mẫu",'
          '"author":{"@type":"Organization","name":"Đọc Báo"}}</script>')
    body = f'<h1>Một bài báo mẫu</h1><div class="detail-content">{PARAS}<p>Theo Hồ Hương</p></div>'
    rec = extract(page(ld, body), use_fallback=False)
    assert rec.authors == ["Hồ Hương"] and rec.attributed_source is None
    body = f'<h1>Một bài báo mẫu</h1><div class="detail-content">{PARAS}<p>Theo Hòa Bình Xanh</p></div>'
    rec = extract(page(ld, body), use_fallback=False, known_sources=["Hòa Bình Xanh"])
    assert rec.authors == [] and rec.attributed_source == "Hòa Bình Xanh"
    body = f'<h1>Một bài báo mẫu</h1><div class="detail-content">{PARAS}<p>Theo Tin Nhanh Việt Nam</p></div>'
    rec = extract(page(body=body), use_fallback=False)
    assert rec.authors == [] and rec.attributed_source == "Tin Nhanh Việt Nam"


# -- times ------------------------------------------------------------------------------------------------------


def test_us_order_metadata_date() -> None:
    assert parse_vn_datetime("3/24/2024 7:12:35 AM").isoformat() == "2024-03-24T07:12:35+07:00"


def test_visible_time_wins_over_metadata_in_the_wrong_zone() -> None:
    head = '<meta property="article:published_time" content="2024-03-24T07:12:00Z">'
    body = (f'<div class="lead-title"><h1>Vì sao VAR công nhận bàn thắng</h1></div>'
            f'<div class="rgt">07:12 ngày 24/03/2024</div><div class="detail-content">{PARAS}</div>')
    rec = extract(page(head, body), use_fallback=False)
    assert rec.published_at == "2024-03-24T07:12:00+07:00"
    assert rec.published_precision == "minute"


def test_printed_time_in_a_date_element_wins_over_metadata() -> None:
    head = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-02-02"}</script>'
    body = (f'<h1>Apple hủy bỏ dự án quan trọng</h1><ul><li class="the-article-publish">Chủ nhật, 2/2/2025 '
            f'05:01 (GMT+7)</li></ul><div class="detail-content">{PARAS}</div>'
            '<aside><span class="time">08:18 25/10/2024</span></aside>')
    rec = extract(page(head, body), use_fallback=False)
    assert rec.published_at == "2025-02-02T05:01:00+07:00"


def test_year_less_date_not_guessed_as_the_current_year() -> None:
    # the header prints only "24/03"; the full date is printed at the end of the article
    body = (f'<h1>Vì sao VAR công nhận bàn thắng</h1><span class="date">07:12 24/03</span>'
            f'<div class="detail-content">{PARAS}</div>'
            '<div class="editor">Đỗ Trung • 07:12 ngày 24/03/2024</div>')
    rec = extract(page(body=body))
    assert rec.published_at == "2024-03-24T07:12:00+07:00"


def test_year_less_wordy_date_is_never_in_the_future() -> None:
    assert parse_vn_datetime("ngày 24 tháng 12", now=NOW).date().isoformat() == "2025-12-24"


def test_no_printed_date_means_no_date() -> None:
    # the URL carries an id that looks like a date; nothing on the page prints one
    body = f'<h1>Căn hộ chung cư đi ngược làn sóng</h1><div class="singular-content">{PARAS}</div>'
    rec = extract_article(page(body=body), "https://baomau.vn/bat-dong-san/can-ho-20221224095943188.htm",
                          captured_at=NOW)
    assert rec.published_at is None


def test_update_time_is_not_the_publication_time() -> None:
    body = (f'<h1>Một bài báo mẫu có cập nhật</h1><div class="meta">Cập nhật: 10:00 05/07/2025</div>'
            f'<div class="detail-content">{PARAS}</div>')
    rec = extract(page(body=body), use_fallback=False)
    assert rec.published_at is None


# -- bodies and links -------------------------------------------------------------------------------------------


def test_comments_scripts_and_padding_are_not_body_text() -> None:
    padding = "<!-- " + "lorem-ipsum-padding " * 100_000 + " -->"
    body = (f'<h1>Một bài báo mẫu</h1><div class="detail-content">{PARAS}<!-- quảng cáo cũ -->'
            f"<script>var x = 'không hiện';</script>{padding}</div>")
    rec = extract(page(body=body), use_fallback=False)
    assert "lorem" not in rec.text and "quảng cáo cũ" not in rec.text and "không hiện" not in rec.text
    assert len(rec.text) < 1000


def test_javascript_only_page_has_no_body() -> None:
    body = ('<h1>Một bài báo mẫu</h1><div class="detail-content"><div class="loading">Đang tải nội dung...</div>'
            "</div><script>document.querySelector('.detail-content').innerHTML='...'</script>")
    rec = extract(page(body=body))
    assert rec.text is None
    assert any("placeholder" in w for w in rec.warnings)


def test_related_links_collected_before_the_box_is_removed() -> None:
    body = (f'<h1>Một bài báo mẫu</h1><div class="detail-content">{PARAS}'
            '<p>Xem <a href="https://baokhac.vn/tin-goc-1.htm">bài gốc</a> của báo bạn.</p>'
            '<div class="related"><strong>Tin liên quan:</strong><ul>'
            '<li><a href="/xa-hoi/bai-truoc-111.htm">Bài trước</a></li></ul></div>'
            '<table class="article"><tr><td><div class="inner-article"><a href="/xa-hoi/bai-khac-222.htm">'
            "<p>Bài khác</p><span>08:18 25/10/2024</span></a></div></td></tr></table>"
            "<p>Tin liên quan</p></div>")
    rec = extract(page(body=body), use_fallback=False)
    assert rec.links == ["https://baokhac.vn/tin-goc-1.htm", "https://baomau.vn/xa-hoi/bai-truoc-111.htm",
                         "https://baomau.vn/xa-hoi/bai-khac-222.htm"]
    assert "Bài trước" not in rec.text and "Tin liên quan" not in rec.text and "25/10/2024" not in rec.text
    assert "bài gốc" in rec.text
    item = PageItem(url=URL, final_url=URL, status=200, headers={}, body=page(body=body).encode(),
                    captured_at=NOW.isoformat(), detected_at=NOW.isoformat())
    item = ExtractPipeline().process_item(item)
    rows = article_rows(item, known_outlets={"baomau.vn", "baokhac.vn"})
    assert [r["target_id"] for r in rows["load/links"]] == rec.links


def test_boilerplate_lines_dropped_and_wrapped_lines_joined() -> None:
    body = ('<h1>Một bài báo mẫu</h1><div class="detail-content"><p>Dòng một của\n      đoạn văn dài về Phú Thọ.</p>'
            f"{PARAS}<p>Theo dõi Báo Mẫu trên Google News</p></div>")
    rec = extract(page(body=body), use_fallback=False)
    assert rec.text.startswith("Dòng một của đoạn văn dài về Phú Thọ.")
    assert "Google News" not in rec.text


def test_unknown_layout_body_found_by_paragraph_density() -> None:
    body = ('<div class="menu"><a href="/a">Thời sự</a> <a href="/b">Xã hội</a></div>'
            f'<h1>Một bài báo mẫu</h1><div id="noi-dung-bai">{PARAS}</div><div class="footer">© Báo Mẫu</div>')
    rec = extract(page(body=body), use_fallback=False)
    assert rec.methods["text"] == "density"
    assert rec.text.startswith("Đoạn 0") and "Báo Mẫu" not in rec.text


def test_photo_credits_in_captions_are_photographers_not_authors() -> None:
    page = ('<html><head><title>T</title></head><body><article><h1>Cầu mới ở Việt Trì</h1>'
            '<div class="detail-content"><figure><img src="x.jpg"><figcaption>Ảnh minh họa. (Ảnh: Bạch Thu Yến)'
            '</figcaption></figure><p>Sáng nay, tỉnh Phú Thọ khánh thành cầu mới nối hai bờ sông Lô, phục vụ hàng '
            'chục nghìn người dân.</p><p>Cây cầu dài 500 m, vốn đầu tư 300 tỷ đồng.</p><figure><figcaption>Toàn '
            'cảnh. Ảnh: TTXVN</figcaption></figure><p class="author">Minh Anh</p></div></article></body></html>')
    rec = extract_article(page.encode(), "https://baophutho.vn/cau-moi-123.htm")
    assert rec.photographers == ["Bạch Thu Yến"]          # the agency credit is not a person
    assert rec.authors == ["Minh Anh"] and "Ảnh" not in rec.text
