"""Rendering of the outlets' pages, feeds and sitemaps (pure functions of records and the clock)."""

from __future__ import annotations

import base64
import json
import unicodedata
from datetime import datetime
from email.utils import format_datetime
from html import escape
from xml.sax.saxutils import escape as xesc

from .world import TZ, Outlet, from_epoch

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
PAGE_SIZE = 20
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

# CSS class names per site family: (article, title, meta, sapo, content, author)
CLASSES = {
    "pto": ("article-detail", "detail-title", "detail-time", "detail-sapo", "detail-content", "detail-author"),
    "dantri": ("singular-container", "title-page detail", "author-time", "singular-sapo", "singular-content", "author-name"),
    "vnex": ("sidebar-1", "title-detail", "date", "description", "fck_detail", "author_mail"),
    "ld": ("article-content", "title", "time", "chappeau", "art-body", "author"),
    "tv": ("news-detail", "news-title", "news-date", "news-sapo", "news-content", "news-author"),
    "tuoitre": ("detail-cmain", "detail-title article-title", "detail-time", "detail-sapo", "detail-content afcbc-body", "author-info"),
    "farm": ("post-single", "post-title", "post-date", "post-excerpt", "post-content", "post-source"),
    "wp": ("entry", "entry-title", "entry-meta", "entry-summary", "entry-content", "entry-author"),
}


def vn_date(dt: datetime, fmt: str, now: datetime | None = None) -> str:
    dt = dt.astimezone(TZ)
    wd = WEEKDAYS[dt.weekday()]
    if fmt == "thu_dmy_hm_gmt":
        return f"{wd}, {dt:%d/%m/%Y %H:%M} (GMT+7)"
    if fmt == "dmy_dash_hm":
        return f"{dt:%d/%m/%Y - %H:%M}"
    if fmt == "thu_dmy_dash_hm":
        return f"{wd[:3] + wd[3:].lower()}, {dt:%d/%m/%Y - %H:%M}"
    if fmt == "thu_dmy_comma_gmt":
        return f"{wd[:3] + wd[3:].lower()}, {dt.day}/{dt.month}/{dt.year}, {dt:%H:%M} (GMT+7)"
    if fmt == "hm_dmy":
        return f"{dt:%H:%M %d/%m/%Y}"
    if fmt == "dmy_hyphen_hm":
        return f"{dt:%d-%m-%Y %H:%M}"
    if fmt == "relative":
        if now is None:
            return f"{dt:%d/%m/%Y %H:%M}"
        secs = (now - dt).total_seconds()
        if secs < 60:
            return "Vừa xong"
        if secs < 3600:
            return f"{int(secs // 60)} phút trước"
        if secs < 86400:
            return f"{int(secs // 3600)} giờ trước"
        if secs < 7 * 86400:
            return f"{int(secs // 86400)} ngày trước"
        return f"{dt:%d/%m/%Y}"
    raise ValueError(f"unknown date format {fmt}")


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese text in windows-1258 (base letters precomposed, tone marks combining)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258", errors="replace")


def _nav(outlet: Outlet) -> str:
    items = "".join(f'<li><a href="http://{outlet.host}{outlet.section_path(s)}">{escape(n)}</a></li>'
                    for s, n in outlet.sections)
    return (f'<header class="site-header"><a class="logo" href="http://{outlet.host}/">{escape(outlet.name)}</a>'
            f'<nav><ul class="menu">{items}</ul></nav></header>')


def _footer(outlet: Outlet) -> str:
    lic = f"<p>{escape(outlet.licence)}</p>" if outlet.licence else ""
    return f'<footer class="site-footer"><p>© 2025 {escape(outlet.name)}</p>{lic}</footer>'


def article_html(rec: dict, outlet: Outlet, now: datetime) -> bytes:
    """The article page as bytes (encoding quirks applied); see FORMAT.md for the quirks."""
    st = outlet.style
    quirk = rec["quirk"]
    pub = datetime.fromisoformat(rec["published_at"])
    no_date = quirk == "missing_date"
    c_art, c_title, c_meta, c_sapo, c_content, c_author = CLASSES[st["url_pattern"]]
    charset = "windows-1258" if quirk == "utf8_declared_cp1258" else "utf-8"
    head = [f'<meta charset="{charset}">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(rec['title'])} - {escape(outlet.name)}</title>",
            f'<link rel="canonical" href="{escape(rec["url"])}">',
            f'<meta name="description" content="{escape(rec["lead"])}">',
            f'<meta name="keywords" content="{escape(", ".join(rec["tags"]))}">']
    if st.get("og"):
        head += ['<meta property="og:type" content="article">',
                 f'<meta property="og:title" content="{escape(rec["title"])}">',
                 f'<meta property="og:description" content="{escape(rec["lead"])}">',
                 f'<meta property="og:url" content="{escape(rec["url"])}">',
                 f'<meta property="og:image" content="{escape(rec["image"])}">',
                 f'<meta property="og:site_name" content="{escape(outlet.name)}">',
                 f'<meta property="article:section" content="{escape(rec["section_name"])}">']
        if not no_date:
            head += [f'<meta property="article:published_time" content="{rec["published_at"]}">',
                     f'<meta property="article:modified_time" content="{rec["modified_at"]}">']
        for n in rec["author_names"]:
            head.append(f'<meta property="article:author" content="{escape(n)}">')
    if st.get("jsonld"):
        ld: dict = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": rec["title"],
                    "description": rec["lead"], "mainEntityOfPage": {"@type": "WebPage", "@id": rec["url"]},
                    "image": [rec["image"]], "articleSection": rec["section_name"], "inLanguage": "vi",
                    "keywords": ", ".join(rec["tags"]),
                    "publisher": {"@type": "Organization", "name": outlet.name,
                                  "logo": {"@type": "ImageObject", "url": f"http://{outlet.host}/logo.png"}}}
        if not no_date:
            ld["datePublished"] = rec["published_at"]
            ld["dateModified"] = rec["modified_at"]
        if rec["author_names"]:
            ld["author"] = [{"@type": "Person", "name": n} for n in rec["author_names"]]
        elif rec["copy_of"]:
            ld["author"] = {"@type": "Organization", "name": outlet.name}
        head.append('<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
                    + "</script>")
    date_txt = "" if no_date else vn_date(pub, st["date_format"], now)
    byline = rec["byline"]
    meta = f'<div class="{c_meta}">'
    if date_txt:
        meta += f'<span class="date">{escape(date_txt)}</span>'
    if byline and st["byline"] == "top":
        meta += f' <span class="{c_author}">{escape(byline)}</span>'
    meta += "</div>"
    tag = rec.get("source_tag")
    sapo = (f"<strong>{escape(tag)}</strong> " if tag else "") + escape(rec["lead"])
    body: list[str] = []
    if rec["photographer"] or st.get("photo_credit"):
        cap = "Ảnh minh họa."
        if rec["photographer"]:
            cap += f" (Ảnh: {escape(rec['photographer'])})"
        body.append(f'<figure class="image"><img src="{escape(rec["image"])}" alt="{escape(rec["title"])}">'
                    f"<figcaption>{cap}</figcaption></figure>")
    for p in rec["paragraphs"]:
        body.append(f"<p>{escape(p)}</p>")
    if rec["links"]:
        lis = "".join(f'<li><a href="{escape(u)}">{escape(u.rsplit("/", 1)[-1])}</a></li>' for u in rec["links"])
        body.append(f'<div class="related"><strong>Tin liên quan:</strong><ul>{lis}</ul></div>')
    if byline and st["byline"] in ("end", "source"):
        body.append(f'<p class="{c_author}" style="text-align:right"><strong>{escape(byline)}</strong></p>')
    content = "".join(body)
    scripts = ""
    if quirk == "js_body":
        payload = base64.b64encode(json.dumps({"paragraphs": rec["paragraphs"]}, ensure_ascii=False).encode()).decode()
        content = '<div class="loading">Đang tải nội dung...</div>'
        scripts = ("<script>window.__ARTICLE__=JSON.parse(new TextDecoder().decode(Uint8Array.from(atob('"
                   + payload + "'),c=>c.charCodeAt(0))));document.querySelector('." + c_content.split()[0]
                   + "').innerHTML=window.__ARTICLE__.paragraphs.map(p=>'<p>'+p+'</p>').join('');</script>")
    if quirk == "huge":
        content += "<!-- " + ("lorem-ipsum-padding " * 540_000) + " -->"
    html = (f'<!DOCTYPE html><html lang="vi"><head>{"".join(head)}</head><body>{_nav(outlet)}'
            f'<main class="container"><article class="{c_art}">'
            f'<div class="breadcrumb"><a href="http://{outlet.host}{outlet.section_path(rec["section"])}">'
            f'{escape(rec["section_name"])}</a></div>'
            f'<h1 class="{c_title}">{escape(rec["title"])}</h1>{meta}<h2 class="{c_sapo}">{sapo}</h2>'
            f'<div class="{c_content}">{content}</div></article></main>{_footer(outlet)}{scripts}</body></html>')
    if quirk == "truncated":
        cut = html.find(f'<div class="{c_content}">')
        end = html.find("</article>")
        html = html[: cut + (end - cut) * 3 // 5]
    if quirk == "cp1258_declared_utf8":
        return to_cp1258(html)
    return html.encode("utf-8")


def _track(url: str, outlet: Outlet, medium: str) -> str:
    if outlet.kind in ("aggregator", "contentfarm", "fanpage", "national"):
        return f"{url}?utm_source={medium}&utm_medium=referral&utm_campaign={outlet.host.split('.')[0]}"
    return url


def listing_html(outlet: Outlet, title: str, items: list[dict], now: datetime, page: int, next_url: str | None,
                 prev_url: str | None, extra_links: list[tuple[str, str]] = ()) -> bytes:
    """A section page or the home page; ``items`` are article records (newest first)."""
    st = outlet.style
    rows = []
    for rec in items:
        link = rec.get("list_url", rec["url"])
        date = "" if rec["quirk"] == "missing_date" else vn_date(
            datetime.fromisoformat(rec["published_at"]), st["date_format"], now)
        rows.append(f'<article class="story"><a class="thumb" href="{escape(link)}"><img src="{escape(rec["image"])}"'
                    f' alt=""></a><h3 class="story__title"><a href="{escape(link)}">{escape(rec["title"])}</a></h3>'
                    f'<p class="story__summary">{escape(rec["lead"][:200])}</p>'
                    f'<span class="story__time">{escape(date)}</span></article>')
    pag = '<div class="pagination">'
    if prev_url:
        pag += f'<a rel="prev" href="{escape(prev_url)}">Trang trước</a>'
    pag += f"<span>Trang {page}</span>"
    if next_url:
        pag += f'<a rel="next" class="next" href="{escape(next_url)}">Trang sau</a>'
    pag += "</div>"
    extra = "".join(f'<a class="extra" href="{escape(u)}">{escape(t)}</a>' for u, t in extra_links)
    links = f'<link rel="next" href="{escape(next_url)}">' if next_url else ""
    html = (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)} - '
            f'{escape(outlet.name)}</title>{links}</head><body>{_nav(outlet)}<main class="container">'
            f'<h1 class="cate-title">{escape(title)}</h1><div class="list-news">{"".join(rows)}</div>{pag}'
            f'<div class="more">{extra}</div></main>{_footer(outlet)}</body></html>')
    return html.encode("utf-8")


def _rfc822(epoch: float) -> str:
    return format_datetime(from_epoch(epoch))


def rss_xml(outlet: Outlet, title: str, link: str, items: list[dict]) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
             f"<channel><title>{xesc(outlet.name)} - {xesc(title)}</title><link>{xesc(link)}</link>",
             f"<description>{xesc(outlet.name)}</description><language>vi</language>"]
    for rec in items:
        url = rec.get("list_url", rec["url"])
        desc = f'<a href="{rec["url"]}"><img src="{rec["image"]}"></a>{escape(rec["lead"])}'
        parts.append(f"<item><title>{xesc(rec['title'])}</title><link>{xesc(_track(url, outlet, 'rss'))}</link>"
                     f'<guid isPermaLink="false">{xesc(rec["id"])}</guid>')
        if rec["quirk"] != "missing_date":
            parts.append(f"<pubDate>{_rfc822(datetime.fromisoformat(rec['published_at']).timestamp())}</pubDate>")
        if rec["author_names"]:
            parts.append(f"<dc:creator>{xesc(', '.join(rec['author_names']))}</dc:creator>")
        parts.append(f"<description><![CDATA[{desc}]]></description></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def news_sitemap(outlet: Outlet, rows: list[tuple[str, int, int, str]]) -> bytes:
    """rows: (url, published epoch, modified epoch, title)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
    for url, pub, mod, title in rows:
        parts.append(f"<url><loc>{xesc(url)}</loc><lastmod>{from_epoch(mod).isoformat()}</lastmod><news:news>"
                     f"<news:publication><news:name>{xesc(outlet.name)}</news:name><news:language>vi</news:language>"
                     f"</news:publication><news:publication_date>{from_epoch(pub).isoformat()}</news:publication_date>"
                     f"<news:title>{xesc(title)}</news:title></news:news></url>")
    parts.append("</urlset>")
    return "".join(parts).encode("utf-8")


def sitemap_index(urls: list[tuple[str, int]]) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, mod in urls:
        parts.append(f"<sitemap><loc>{xesc(url)}</loc><lastmod>{from_epoch(mod).isoformat()}</lastmod></sitemap>")
    parts.append("</sitemapindex>")
    return "".join(parts).encode("utf-8")


def robots_txt(outlet: Outlet) -> bytes:
    lines = ["User-agent: *"] + [f"Disallow: {d}" for d in outlet.robots_disallow] + ["Disallow: /admin/", ""]
    if outlet.style.get("sitemap"):
        lines += [f"Sitemap: http://{outlet.host}/sitemap.xml", f"Sitemap: http://{outlet.host}/sitemap-news.xml"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def channel_atom(channel_id: str, name: str, videos: list[dict]) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" '
             'xmlns="http://www.w3.org/2005/Atom">',
             f'<link rel="self" href="http://tube.vn/feeds/videos.xml?channel_id={channel_id}"/>',
             f"<id>yt:channel:{channel_id}</id><yt:channelId>{channel_id}</yt:channelId><title>{xesc(name)}</title>",
             f'<link rel="alternate" href="http://tube.vn/channel/{channel_id}"/>',
             f"<author><name>{xesc(name)}</name><uri>http://tube.vn/channel/{channel_id}</uri></author>"]
    for v in videos:
        parts.append(
            f"<entry><id>yt:video:{v['video_id']}</id><yt:videoId>{v['video_id']}</yt:videoId>"
            f"<yt:channelId>{channel_id}</yt:channelId><title>{xesc(v['title'])}</title>"
            f'<link rel="alternate" href="{xesc(v["url"])}"/><author><name>{xesc(name)}</name>'
            f"<uri>http://tube.vn/channel/{channel_id}</uri></author><published>{v['published']}</published>"
            f"<updated>{v['updated']}</updated><media:group><media:title>{xesc(v['title'])}</media:title>"
            f'<media:content url="http://tube.vn/v/{v["video_id"]}" type="application/x-shockwave-flash" width="640" '
            f'height="390"/><media:thumbnail url="http://tube.vn/vi/{v["video_id"]}/hqdefault.jpg" width="480" '
            f'height="360"/><media:description>{xesc(v["description"])}</media:description><media:community>'
            f'<media:starRating count="0" average="0.00" min="1" max="5"/><media:statistics views="{v["views"]}"/>'
            f"</media:community></media:group></entry>")
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")
