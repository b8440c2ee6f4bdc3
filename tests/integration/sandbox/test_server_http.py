"""The sandbox server over real HTTP on 127.0.0.1: status codes, conditional GET, robots, redirects,
the three routing modes, concurrency and the simulated clock."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

from etl.sandbox import generate
from etl.sandbox.server import SandboxHandle, serve_in_thread
from etl.sandbox.settings import get_sandbox_settings
from etl.sandbox.truth import read_jsonl

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    g = get_sandbox_settings().gazetteer_dir
    if not (g / "phutho_new_units_2025.csv").is_file():
        pytest.fail(f"gazetteer not found at {g} (set LANTOA_GAZETTEER_DIR)", pytrace=False)
    out = tmp_path_factory.mktemp("sbx") / "w"
    generate(out, seed=5, size="tiny", gazetteer_dir=g)
    return out


@pytest.fixture(scope="module")
def server(world: Path) -> Iterator[SandboxHandle]:
    h = serve_in_thread(world, port=0)
    yield h
    h.stop()


@pytest.fixture(scope="module")
def arts(world: Path) -> list[dict]:
    return read_jsonl(world / "articles" / "articles.jsonl")


def get(h: SandboxHandle, host: str, path: str, headers: dict | None = None, mode: str = "host",
        method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", h.port, timeout=30)
    hdrs = dict(headers or {})
    if mode == "host":
        target = path
        hdrs["Host"] = host
    elif mode == "proxy":
        target = f"http://{host}{path}"
    else:
        target = f"/__site/{host}{path}"
    conn.request(method, target, headers=hdrs)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, body


def test_three_routing_modes_give_the_same_page(server: SandboxHandle, arts: list[dict]) -> None:
    a = next(x for x in arts if x["quirk"] == "none")
    bodies = [get(server, a["host"], a["path"], mode=m) for m in ("host", "proxy", "prefix")]
    assert all(s == 200 for s, _, _ in bodies)
    assert bodies[0][2] == bodies[1][2] == bodies[2][2]
    assert a["title"].encode() in bodies[0][2]
    assert server.local_url(a["url"]).endswith(f"/__site/{a['host']}{a['path']}")


def test_conditional_get(server: SandboxHandle, arts: list[dict]) -> None:
    a = next(x for x in arts if x["quirk"] == "none")
    s, h, body = get(server, a["host"], a["path"])
    assert s == 200 and h["etag"] and h["last-modified"] and int(h["content-length"]) == len(body)
    s2, _, b2 = get(server, a["host"], a["path"], {"If-None-Match": h["etag"]})
    assert s2 == 304 and b2 == b""
    s3, _, _ = get(server, a["host"], a["path"], {"If-Modified-Since": h["last-modified"]})
    assert s3 == 304
    s4, _, _ = get(server, a["host"], a["path"], {"If-None-Match": '"other"'})
    assert s4 == 200
    s5, h5, _ = get(server, a["host"], "/rss/home.rss")
    assert s5 == 200 and get(server, a["host"], "/rss/home.rss", {"If-None-Match": h5["etag"]})[0] == 304


def test_status_codes_and_redirects(server: SandboxHandle, arts: list[dict]) -> None:
    q = {x["quirk"]: x for x in arts}
    assert get(server, q["gone_404"]["host"], q["gone_404"]["path"])[0] == 404
    assert get(server, q["error_500"]["host"], q["error_500"]["path"])[0] == 500
    assert get(server, "baodatto.vn", "/khong-co-trang-nay.htm")[0] == 404
    f = q["flaky_500"]
    assert get(server, f["host"], f["path"])[0] == 503
    assert get(server, f["host"], f["path"])[0] == 200
    rc = q["redirect_chain"]
    url = f"http://{rc['host']}/r/{100000 + int(rc['id'].split('-')[1])}"
    chain = []
    for _ in range(5):
        host, path = url.split("/", 3)[2], "/" + url.split("/", 3)[3]
        s, h, _ = get(server, host, path, mode="proxy")
        chain.append(s)
        if s not in (301, 302):
            break
        url = h["location"]
    assert chain == [301, 302, 200] and url == rc["url"]
    s, h, _ = get(server, "baodatto.vn", "/loop-a")
    s2, h2, _ = get(server, "baodatto.vn", h["location"].split("baodatto.vn")[1])
    assert (s, s2) == (302, 302) and h2["location"].endswith("/loop-a")


def test_robots_head_and_huge(server: SandboxHandle, arts: list[dict]) -> None:
    s, h, body = get(server, "baodatto.vn", "/robots.txt")
    assert s == 200 and b"Disallow: /tin-noi-bo/" in body and h["content-type"].startswith("text/plain")
    big = next(x for x in arts if x["quirk"] == "huge")
    s, h, body = get(server, big["host"], big["path"], method="HEAD")
    assert s == 200 and body == b"" and int(h["content-length"]) > 10_000_000


def test_concurrent_crawlers(server: SandboxHandle, arts: list[dict]) -> None:
    ok = [a for a in arts if a["quirk"] == "none"][:120]

    def fetch(a: dict) -> bool:
        s, _, body = get(server, a["host"], a["path"], mode="proxy")
        return s == 200 and a["title"].encode() in body

    with ThreadPoolExecutor(max_workers=16) as ex:
        results = list(ex.map(fetch, ok * 2))
    assert all(results) and len(results) == 240


def test_error_injection_and_latency(world: Path) -> None:
    with serve_in_thread(world, error_rate=0.5, latency_ms=20, seed=3) as h:
        t0 = time.perf_counter()
        codes = [get(h, "baodatto.vn", "/")[0] for _ in range(40)]
        dt = time.perf_counter() - t0
        assert {200} < set(codes) <= {200, 500, 503}
        assert 5 < codes.count(200) < 35
        assert dt >= 40 * 0.02
        assert get(h, "baodatto.vn", "/robots.txt")[0] == 200  # robots never fails


def test_simulated_clock_publishes_over_time(world: Path, arts: list[dict]) -> None:
    start = datetime.fromisoformat(arts[0]["published_at"]).timestamp() - 60
    with serve_in_thread(world, speed=7200, start=start) as h:  # 2 simulated hours per real second
        c1 = json.loads(get(h, "x", "/__clock")[2])
        assert c1["speed"] == 7200 and abs(c1["epoch"] - start) < 7200 * 2
        first = get(h, "baodatto.vn", "/sitemap-news.xml")[2].count(b"<url>")
        future = next(a for a in arts if datetime.fromisoformat(a["published_at"]).timestamp() > start + 6 * 3600
                      and a["quirk"] == "none")
        assert get(h, future["host"], future["path"])[0] == 404
        time.sleep(4)  # 8 simulated hours
        c2 = json.loads(get(h, "x", "/__clock")[2])
        assert c2["epoch"] - c1["epoch"] >= 6 * 3600
        second = get(h, "baodatto.vn", "/sitemap-news.xml")[2].count(b"<url>")
        assert second > first
        if datetime.fromisoformat(future["published_at"]).timestamp() <= c2["epoch"]:
            assert get(h, future["host"], future["path"])[0] == 200


def test_client_hanging_up_does_not_hurt(server: SandboxHandle, arts: list[dict]) -> None:
    import socket

    big = next(x for x in arts if x["quirk"] == "huge")
    for _ in range(3):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        s.sendall(f"GET {big['path']} HTTP/1.1\r\nHost: {big['host']}\r\n\r\n".encode())
        assert s.recv(1000).startswith(b"HTTP/1.1 200")
        s.close()
    ok = next(x for x in arts if x["quirk"] == "none")
    assert get(server, ok["host"], ok["path"])[0] == 200
    assert get(server, ok["host"], "/__clock")[0] == 200
