"""Properties of etl.extraction.article.extract_article on generated article pages: whatever the markup
around it, the title and body come back (NFC), the date printed in the page is the one extracted, the
content hash depends on the content only, and arbitrary bytes never raise."""

from __future__ import annotations

import html
import json
import unicodedata
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extraction.article import extract_article
from etl.extraction.dates import VN_TZ

WORDS = ["tỉnh", "Phú", "Thọ", "Việt", "Trì", "người", "dân", "cầu", "đường", "lũ", "quét", "Hòa", "Bình",
         "xã", "huyện", "báo", "cáo", "năm", "mới", "tăng", "trưởng", "kinh", "tế"]
sentence = st.lists(st.sampled_from(WORDS), min_size=6, max_size=18).map(lambda ws: " ".join(ws).capitalize() + ".")
CAPTURE = datetime(2025, 7, 3, 12, 0, tzinfo=VN_TZ)
moment = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2025, 7, 3)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=VN_TZ))
noise = st.sampled_from(["", "<!-- quảng cáo -->", "<script>var x = '<p>không phải bài</p>';</script>",
                         "<div class='ads'>Quảng cáo</div>", "<style>p{color:red}</style>"])


@st.composite
def pages(draw):
    title = draw(sentence)[:-1]
    paras = draw(st.lists(sentence, min_size=3, max_size=8))
    when = draw(moment)
    form = draw(st.sampled_from(["meta", "jsonld", "text"]))
    head = f"<title>{html.escape(title)} | Báo Phú Thọ</title>"
    if form == "meta":
        head += f'<meta property="article:published_time" content="{when.isoformat()}">'
    elif form == "jsonld":
        ld = json.dumps({"@type": "NewsArticle", "headline": title, "datePublished": when.isoformat()},
                        ensure_ascii=False)
        head += f'<script type="application/ld+json">{ld}</script>'
    date_line = f'<span class="date">{when:%d/%m/%Y %H:%M}</span>' if form == "text" else ""
    body = "".join(f"<p>{html.escape(p)}</p>{draw(noise)}" for p in paras)
    doc = (f"<!doctype html><html lang='vi'><head><meta charset='utf-8'>{head}</head><body>{draw(noise)}"
           f"<article><h1>{html.escape(title)}</h1>{date_line}<div class='content'>{body}</div></article>"
           f"</body></html>")
    return doc, title, paras, when


@settings(max_examples=40)
@given(pages())
def test_title_body_and_date_come_back(page):
    doc, title, paras, when = page
    rec = extract_article(doc.encode(), "https://baophutho.vn/bai-viet-1.htm", captured_at=CAPTURE,
                          use_fallback=False)
    assert rec.title and rec.title.startswith(title)  # a site suffix from <title> may stay
    assert rec.text and all(p in rec.text for p in paras)
    assert unicodedata.is_normalized("NFC", rec.text)
    assert "không phải bài" not in rec.text and "color:red" not in rec.text
    assert rec.published_at is not None
    assert datetime.fromisoformat(rec.published_at) == when


@settings(max_examples=30)
@given(pages(), noise)
def test_content_hash_ignores_markup(page, extra):
    doc, *_ = page
    a = extract_article(doc, "https://baophutho.vn/a.htm", captured_at=CAPTURE, use_fallback=False)
    b = extract_article(doc.replace("<article>", f"<article>{extra}"), "https://baophutho.vn/b.htm",
                        captured_at=CAPTURE, use_fallback=False)
    assert a.content_hash == b.content_hash


@settings(max_examples=60)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data):
    rec = extract_article(data, "https://baophutho.vn/x.htm", captured_at=CAPTURE, use_fallback=False)
    assert rec.canonical_url == "https://baophutho.vn/x.htm"


@settings(max_examples=20)
@given(pages(), st.integers(2, 3650))
def test_future_publication_dates_are_not_taken_at_face_value(page, days):
    """A page that claims to be published after it was captured has a skewed clock or a typo. The extractor
    must not return that future date silently: either no date, one not after the capture, or a warning.
    (Fails against etl/extraction/article.py as of this commit: the future date is returned as is.)"""
    doc, _, _, when = page
    future = when.replace(year=2025) + timedelta(days=days) if when.year < 2025 else CAPTURE + timedelta(days=days)
    doc = doc.replace(when.isoformat(), future.isoformat()).replace(f"{when:%d/%m/%Y %H:%M}",
                                                                      f"{future:%d/%m/%Y %H:%M}")
    rec = extract_article(doc, "https://baophutho.vn/a.htm", captured_at=CAPTURE, use_fallback=False)
    if rec.published_at and datetime.fromisoformat(rec.published_at) > CAPTURE + timedelta(days=1):
        assert any("future" in w or "tương lai" in w for w in rec.warnings), rec.published_at
