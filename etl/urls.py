"""URL canonicalisation: one spelling per page, so the same article is never stored twice.

>>> canonicalize("HTTPS://WWW.BaoPhuTho.vn:443/tin-tuc/abc-123.htm?utm_source=fb&fbclid=x#top")
'https://www.baophutho.vn/tin-tuc/abc-123.htm'
>>> outlet_id("https://www.baophutho.vn/a.htm")
'baophutho.vn'
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

# Query parameters that only track the reader; never part of a page's identity.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid", "ttclid",
    "zarsrc", "zalo_source", "gidzl", "mc_cid", "mc_eid", "_ga", "_gl", "ref", "ref_src", "refsrc",
    "cmpid", "icid", "spm", "share", "s_cid", "vnp_source", "itm_source", "itm_medium", "itm_campaign",
    "__twitter_impression", "ito", "rcm", "fb_source", "fb_ref", "fb_action_ids", "fb_action_types",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "itm_", "oly_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_MULTI_SLASH = re.compile(r"/{2,}")


def is_tracking_param(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def canonicalize(url: str, base: str | None = None) -> str:
    """Absolute, percent-encoded URL with lower-case scheme and host, no default port, no fragment,
    no tracking parameters, remaining parameters sorted. Raises ``ValueError`` for non-web URLs."""
    if base:
        url = urljoin(base, url.strip())
    url = safe_url_string(url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"not a web URL: {url!r}")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise ValueError(f"URL has no host: {url!r}")
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _MULTI_SLASH.sub("/", parts.path or "/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking_param(k)]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def try_canonicalize(url: str | None, base: str | None = None) -> str | None:
    if not url:
        return None
    try:
        return canonicalize(url, base)
    except ValueError:
        return None


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def outlet_id(url: str) -> str:
    """The outlet key of a URL: its host without ``www.`` (``https://www.dantri.com.vn/x`` → ``dantri.com.vn``)."""
    host = host_of(url)
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    return outlet_id(a) == outlet_id(b)
