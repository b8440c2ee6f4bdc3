"""Properties of etl.urls.canonicalize: idempotent, insensitive to tracking parameters, parameter order,
case of scheme/host, default ports and fragments."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from etl.urls import canonicalize, is_tracking_param, outlet_id

label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
host = st.lists(label, min_size=1, max_size=3).map(lambda xs: ".".join(xs) + ".vn")
seg = st.text(alphabet=st.sampled_from(list("abcxyz0123-_.~ %àđệ")), min_size=1, max_size=12).map(str.strip).filter(bool)
path = st.lists(seg, max_size=4).map(lambda xs: "/" + "/".join(xs))
key = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True).filter(lambda k: not is_tracking_param(k))
val = st.text(alphabet=st.sampled_from(list("abc123-_ àđ+=&")), max_size=8)
params = st.lists(st.tuples(key, val), max_size=4, unique_by=lambda kv: kv[0])
tracking = st.lists(st.tuples(st.sampled_from(["utm_source", "utm_medium", "fbclid", "gclid", "zarsrc", "_ga"]),
                              st.text(alphabet="abc123", max_size=6)), max_size=3)


def _q(pairs) -> str:
    from urllib.parse import urlencode

    return urlencode(pairs)


@st.composite
def urls(draw):
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "HtTpS"]))
    h = draw(host)
    h = draw(st.sampled_from([h, h.upper(), "www." + h]))
    port = draw(st.sampled_from(["", ":80" if scheme.lower() == "http" else ":443", ":8080"]))
    p = draw(path)
    q = draw(params)
    frag = draw(st.sampled_from(["", "#top", "#binh-luan"]))
    return f"{scheme}://{h}{port}{p}" + (f"?{_q(q)}" if q else "") + frag, q


@given(urls())
def test_idempotent(u):
    url, _ = u
    c = canonicalize(url)
    assert canonicalize(c) == c


@given(urls(), tracking, st.randoms())
def test_tracking_params_order_and_fragment_do_not_matter(u, track, rnd):
    url, q = u
    base = url.split("#")[0].split("?")[0]
    mixed = list(q) + list(track)
    rnd.shuffle(mixed)
    variant = base + (f"?{_q(mixed)}" if mixed else "") + "#x"
    assert canonicalize(variant) == canonicalize(url)


@given(urls())
def test_output_shape(u):
    url, q = u
    c = canonicalize(url)
    parts = urlsplit(c)
    assert parts.scheme in ("http", "https")
    assert parts.netloc == parts.netloc.lower() and not parts.fragment
    assert not any(is_tracking_param(k) for k, _ in parse_qsl(parts.query, keep_blank_values=True))
    keys = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True)]
    assert keys == sorted(keys)
    assert ":443" not in parts.netloc and ":80" not in parts.netloc.replace(":8080", "")
    assert outlet_id(c) == outlet_id(url.lower()) or outlet_id(c).endswith(".vn")
