"""A threaded HTTP server for a world directory: every outlet host on one 127.0.0.1 port, routed by the
absolute request target (proxy mode), the Host header, or a ``/__site/HOST/`` path prefix (FORMAT.md)."""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import random
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from common.errors import WorldInvalid

from . import pages
from .world import CHANNEL_HOST, OUTLET_BY_HOST, Outlet, from_epoch

SPECIAL_HOSTS = {"127.0.0.1", "localhost", ""}


@dataclass
class Entry:
    id: str
    host: str
    path: str
    pub: int
    mod: int
    section: str
    offset: int
    length: int
    quirk: str
    title: str

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}"

    @property
    def num(self) -> int:
        return 100000 + int(self.id.split("-")[1])


class SimClock:
    """Simulated time: ``start + (real elapsed) * speed``; fixed at ``start`` when speed is None."""

    def __init__(self, start: float, speed: float | None) -> None:
        self.start = start
        self.speed = speed
        self.real0 = time.time()

    def now(self) -> float:
        if not self.speed:
            return self.start
        return self.start + (time.time() - self.real0) * self.speed


@dataclass
class HostIndex:
    entries: list[Entry] = field(default_factory=list)  # by published time
    pubs: list[int] = field(default_factory=list)
    by_path: dict[str, Entry] = field(default_factory=dict)
    by_num: dict[int, Entry] = field(default_factory=dict)
    sections: dict[str, tuple[list[Entry], list[int]]] = field(default_factory=dict)


class World:
    """Read-only view of a world directory used by the server."""

    def __init__(self, world_dir: Path) -> None:
        self.dir = Path(world_dir)
        try:
            self.manifest = json.loads((self.dir / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise WorldInvalid(f"{world_dir} is not a sandbox world (manifest.json unreadable)") from e
        self.world_start = datetime.fromisoformat(self.manifest["start"]).timestamp()
        self.world_end = datetime.fromisoformat(self.manifest["end"]).timestamp()
        self.hosts: dict[str, HostIndex] = {h: HostIndex() for h in OUTLET_BY_HOST}
        with (self.dir / "articles" / "index.tsv").open(encoding="utf-8") as f:
            next(f)
            for line in f:
                p = line.rstrip("\n").split("\t")
                e = Entry(p[0], p[1], p[2], int(p[3]), int(p[4]), p[5], int(p[6]), int(p[7]), p[8], p[9])
                hi = self.hosts[e.host]
                hi.entries.append(e)
                hi.pubs.append(e.pub)
                hi.by_path[e.path] = e
                hi.by_num[e.num] = e
                sec = hi.sections.setdefault(e.section, ([], []))
                sec[0].append(e)
                sec[1].append(e.pub)
        self.fd = os.open(self.dir / "articles" / "articles.jsonl", os.O_RDONLY)
        self._cache: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()
        self.channels: dict[str, tuple[str, list[dict], list[int]]] = {}
        vpath = self.dir / "channels" / "videos.jsonl"
        if vpath.exists():
            with vpath.open(encoding="utf-8") as f:
                for line in f:
                    v = json.loads(line)
                    ch = self.channels.setdefault(v["channel_id"], (v["channel_name"], [], []))
                    ch[1].append(v)
                    ch[2].append(round(datetime.fromisoformat(v["published"]).timestamp()))

    def record(self, e: Entry) -> dict:
        with self._lock:
            rec = self._cache.get(e.id)
            if rec is not None:
                self._cache.move_to_end(e.id)
                return rec
        rec = json.loads(os.pread(self.fd, e.length, e.offset))
        with self._lock:
            self._cache[e.id] = rec
            if len(self._cache) > 4096:
                self._cache.popitem(last=False)
        return rec

    def close(self) -> None:
        os.close(self.fd)


@dataclass
class Response:
    status: int
    body: bytes = b""
    ctype: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: float | None = None
    cacheable: bool = True


def _visible(entries: list[Entry], pubs: list[int], now: float) -> list[Entry]:
    return entries[: bisect.bisect_right(pubs, now)]


class App:
    """Routing and rendering; independent of the HTTP layer so it can be tested directly."""

    def __init__(self, world: World, clock: SimClock, *, error_rate: float = 0.0, latency_ms: int = 0,
                 seed: int = 0) -> None:
        self.w = world
        self.clock = clock
        self.error_rate = error_rate
        self.latency_ms = latency_ms
        self.rng = random.Random(seed)
        self.rng_lock = threading.Lock()
        self.flaky_seen: set[str] = set()

    # ------------------------------------------------------------ dispatch
    def handle(self, host: str, target: str) -> Response:
        parts = urlsplit(target)
        path = parts.path or "/"
        query = parse_qs(parts.query)
        now = self.clock.now()
        if path == "/__clock":
            return self._json({"now": from_epoch(now).isoformat(), "epoch": now, "speed": self.clock.speed,
                               "start": from_epoch(self.clock.start).isoformat(),
                               "world_start": self.w.manifest["start"], "world_end": self.w.manifest["end"]})
        if path == "/__hosts":
            return self._json({"hosts": sorted(OUTLET_BY_HOST) + [CHANNEL_HOST]})
        if self.error_rate > 0 and path != "/robots.txt":
            with self.rng_lock:
                fail = self.rng.random() < self.error_rate
                code = self.rng.choice([500, 503])
            if fail:
                return Response(code, b"<h1>Service temporarily unavailable</h1>", cacheable=False)
        if host == CHANNEL_HOST:
            return self._channel(path, query, now)
        outlet = OUTLET_BY_HOST.get(host)
        if outlet is None:
            return Response(404, f"<h1>Unknown host {host!r}</h1>".encode(), cacheable=False)
        return self._outlet(outlet, path, query, now)

    def _json(self, obj: object) -> Response:
        return Response(200, json.dumps(obj, ensure_ascii=False).encode(), "application/json", cacheable=False)

    def _not_found(self) -> Response:
        return Response(404, "<h1>404 - Không tìm thấy trang</h1>".encode(), cacheable=False)

    def _outlet(self, o: Outlet, path: str, query: dict, now: float) -> Response:
        hi = self.w.hosts[o.host]
        nowdt = from_epoch(now)
        if path == "/robots.txt":
            return Response(200, pages.robots_txt(o), "text/plain; charset=utf-8", last_modified=self.w.world_start)
        if path == "/loop-a":
            return Response(302, headers={"Location": f"http://{o.host}/loop-b"}, cacheable=False)
        if path == "/loop-b":
            return Response(302, headers={"Location": f"http://{o.host}/loop-a"}, cacheable=False)
        if path.startswith("/r/") and path[3:].isdigit():
            e = hi.by_num.get(int(path[3:]))
            if e is None or e.pub > now:
                return self._not_found()
            return Response(301, headers={"Location": f"http://{o.host}/amp{e.path}"}, cacheable=False)
        if path.startswith("/amp/"):
            e = hi.by_path.get(path[4:])
            if e is None or e.pub > now:
                return self._not_found()
            return Response(302, headers={"Location": e.url}, cacheable=False)
        if path.startswith("/rss/") and path.endswith(".rss") and o.style.get("rss"):
            slug = path[5:-4]
            if slug == "home":
                ents, name = _visible(hi.entries, hi.pubs, now), "Trang chủ"
            elif slug in hi.sections or slug in dict(o.sections):
                sec = hi.sections.get(slug, ([], []))
                ents, name = _visible(sec[0], sec[1], now), dict(o.sections)[slug]
            else:
                return self._not_found()
            items = [self._listed(e) for e in reversed(ents[-50:])]
            lm = ents[-1].pub if ents else self.w.world_start
            return Response(200, pages.rss_xml(o, name, f"http://{o.host}/", items),
                            "application/rss+xml; charset=utf-8", last_modified=lm)
        if o.style.get("sitemap"):
            if path == "/sitemap-news.xml":
                ents = [e for e in _visible(hi.entries, hi.pubs, now) if e.pub >= now - 48 * 3600]
                return self._sitemap(o, ents)
            if path == "/sitemap.xml":
                days = []
                d = self.w.world_start - (self.w.world_start + 7 * 3600) % 86400
                while d <= min(now, self.w.world_end):
                    day = from_epoch(d)
                    ents = _visible(hi.entries, hi.pubs, min(now, d + 86400 - 1))
                    lm = ents[-1].mod if ents else int(d)
                    days.append((f"http://{o.host}/sitemaps/{day:%Y-%m-%d}.xml", lm))
                    d += 86400
                return Response(200, pages.sitemap_index(days), "application/xml; charset=utf-8",
                                last_modified=max((m for _, m in days), default=self.w.world_start))
            if path.startswith("/sitemaps/") and path.endswith(".xml"):
                try:
                    day = datetime.fromisoformat(path[10:-4] + "T00:00:00+07:00").timestamp()
                except ValueError:
                    return self._not_found()
                lo = bisect.bisect_left(hi.pubs, day)
                hi_i = bisect.bisect_right(hi.pubs, min(now, day + 86400 - 1))
                if day > now:
                    return self._not_found()
                return self._sitemap(o, hi.entries[lo:hi_i])
        if path == "/":
            ents = _visible(hi.entries, hi.pubs, now)
            items = [self._listed(e, track=True) for e in reversed(ents[-30:])]
            extra = [(f"http://{o.host}/loop-a", "Chuyên đề"), (f"http://{o.host}/tin-cu.htm", "Lưu trữ")]
            lm = ents[-1].pub if ents else self.w.world_start
            return Response(200, pages.listing_html(o, "Tin mới nhất", items, nowdt, 1, None, None, extra),
                            last_modified=lm)
        sec = self._section_of(o, path, query)
        if sec is not None:
            slug, page = sec
            s_ents, s_pubs = hi.sections.get(slug, ([], []))
            ents = _visible(s_ents, s_pubs, now)
            start = (page - 1) * pages.PAGE_SIZE
            if page < 1 or (start >= len(ents) and page > 1):
                return self._not_found()
            chunk = ents[::-1][start : start + pages.PAGE_SIZE]
            more = start + pages.PAGE_SIZE < len(ents)
            nxt = self._page_url(o, slug, page + 1) if more else None
            prv = self._page_url(o, slug, page - 1) if page > 1 else None
            items = [self._listed(e) for e in chunk]
            lm = ents[-1].pub if ents else self.w.world_start
            return Response(200, pages.listing_html(o, dict(o.sections)[slug], items, nowdt, page, nxt, prv),
                            last_modified=lm)
        e = hi.by_path.get(path)
        if e is None or e.pub > now:
            return self._not_found()
        if e.quirk == "gone_404":
            return self._not_found()
        if e.quirk == "error_500":
            return Response(500, b"<h1>500 Internal Server Error</h1>", cacheable=False)
        if e.quirk == "flaky_500":
            with self.rng_lock:
                first = e.id not in self.flaky_seen
                self.flaky_seen.add(e.id)
            if first:
                return Response(503, b"<h1>503 Service Unavailable</h1>", cacheable=False)
        rec = self.w.record(e)
        body = pages.article_html(rec, o, nowdt)
        ctype = {"utf8_declared_cp1258": "text/html; charset=windows-1258",
                 "cp1258_declared_utf8": "text/html; charset=utf-8"}.get(e.quirk, "text/html; charset=utf-8")
        return Response(200, body, ctype, last_modified=None if e.quirk == "missing_date" else e.mod)

    def _listed(self, e: Entry, track: bool = False) -> dict:
        rec = dict(self.w.record(e))
        if e.quirk == "redirect_chain":
            rec["list_url"] = f"http://{e.host}/r/{e.num}"
        elif track and e.num % 3 == 0:
            rec["list_url"] = f"{e.url}?utm_source=home&utm_medium=box"
        return rec

    def _sitemap(self, o: Outlet, ents: list[Entry]) -> Response:
        rows = [(f"http://{o.host}/r/{e.num}" if e.quirk == "redirect_chain" else e.url, e.pub, e.mod, e.title)
                for e in ents]
        lm = max((e.mod for e in ents), default=self.w.world_start)
        return Response(200, pages.news_sitemap(o, rows), "application/xml; charset=utf-8", last_modified=lm)

    def _section_of(self, o: Outlet, path: str, query: dict) -> tuple[str, int] | None:
        for slug, _ in o.sections:
            base = o.section_path(slug)
            if path == base or path == base.rstrip("/"):
                page = query.get("page", ["1"])[0]
                return (slug, int(page)) if page.isdigit() else None
            if path.startswith(base):
                rest = path[len(base):].strip("/")
                for prefix, suffix in (("trang-", ".htm"), ("p", ""), ("page/", "")):
                    if rest.startswith(prefix) and rest.endswith(suffix):
                        num = rest[len(prefix): len(rest) - len(suffix) if suffix else None]
                        if num.isdigit():
                            return slug, int(num)
        return None

    def _page_url(self, o: Outlet, slug: str, page: int) -> str:
        base = f"http://{o.host}{o.section_path(slug)}"
        pat = o.style["page_pattern"]
        if page == 1:
            return base
        if pat == "trang":
            return f"{base}trang-{page}.htm"
        if pat == "query":
            return f"{base}?page={page}"
        if pat == "p":
            return f"{base}p{page}"
        return f"{base}page/{page}/"

    def _channel(self, path: str, query: dict, now: float) -> Response:
        if path == "/robots.txt":
            return Response(200, b"User-agent: *\nAllow: /feeds/\n", "text/plain; charset=utf-8",
                            last_modified=self.w.world_start)
        if path == "/feeds/videos.xml":
            cid = query.get("channel_id", [""])[0]
            ch = self.w.channels.get(cid)
            if ch is None:
                return self._not_found()
            name, vids, pubs = ch
            vis = vids[: bisect.bisect_right(pubs, now)][-15:][::-1]
            lm = pubs[bisect.bisect_right(pubs, now) - 1] if vis else self.w.world_start
            return Response(200, pages.channel_atom(cid, name, vis), "application/atom+xml; charset=utf-8",
                            last_modified=lm)
        if path == "/channels":
            return self._json({"channels": [{"channel_id": c, "name": v[0],
                                             "feed": f"http://{CHANNEL_HOST}/feeds/videos.xml?channel_id={c}"}
                                            for c, v in sorted(self.w.channels.items())]})
        return self._not_found()


def _http_date(epoch: float) -> str:
    return format_datetime(datetime.fromtimestamp(int(epoch), tz=UTC), usegmt=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: avoid the 40 ms delayed-ACK stall
    server_version = "LanToaSandbox/1"
    app: App  # set on the subclass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        return

    def _route(self) -> tuple[str, str]:
        target = self.path
        if target.startswith("http://") or target.startswith("https://"):
            u = urlsplit(target)
            return (u.hostname or "").lower(), (u.path or "/") + (f"?{u.query}" if u.query else "")
        if target.startswith("/__site/"):
            rest = target[len("/__site/"):]
            host, _, p = rest.partition("/")
            return host.lower(), "/" + p
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        return host, target

    def _serve(self, head: bool) -> None:
        host, target = self._route()
        if self.app.latency_ms:
            time.sleep(self.app.latency_ms / 1000)
        try:
            resp = self.app.handle(host, target)
        except Exception as e:  # a bug must not kill the server: answer 500 and keep serving
            resp = Response(500, f"<h1>sandbox error: {type(e).__name__}</h1>".encode(), cacheable=False)
        headers = dict(resp.headers)
        status = resp.status
        body = resp.body
        if status == 200 and resp.cacheable:
            etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
            headers["ETag"] = etag
            if resp.last_modified is not None:
                headers["Last-Modified"] = _http_date(resp.last_modified)
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if inm is not None:
                if etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*":
                    status, body = 304, b""
            elif ims and resp.last_modified is not None:
                try:
                    if int(resp.last_modified) <= parsedate_to_datetime(ims).timestamp():
                        status, body = 304, b""
                except (TypeError, ValueError):
                    pass
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", resp.ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=60")
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self._serve(head=True)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        # clients that hang up (a crawler aborting a 10 MB page) are normal, not errors worth a traceback
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def parse_start(start: str | float | datetime | None) -> float | None:
    if start is None:
        return None
    if isinstance(start, int | float):
        return float(start)
    if isinstance(start, datetime):
        return start.timestamp()
    return datetime.fromisoformat(start).timestamp()


def make_server(world_dir: str | Path, *, host: str = "127.0.0.1", port: int = 0, speed: float | None = None,
                start: str | float | datetime | None = None, error_rate: float = 0.0, latency_ms: int = 0,
                seed: int = 0) -> tuple[_Server, App]:
    world = World(Path(world_dir))
    s = parse_start(start)
    if s is None:
        s = world.world_start if speed else world.world_end
    app = App(world, SimClock(s, speed), error_rate=error_rate, latency_ms=latency_ms, seed=seed)
    handler = type("BoundHandler", (Handler,), {"app": app})
    return _Server((host, port), handler), app


@dataclass
class SandboxHandle:
    server: _Server
    app: App
    thread: threading.Thread

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def proxy(self) -> str:
        return self.base_url

    @property
    def clock(self) -> SimClock:
        return self.app.clock

    def url_for(self, host: str, path: str = "/") -> str:
        return f"http://{host}{path}"

    def local_url(self, url: str) -> str:
        u = urlsplit(url)
        return f"{self.base_url}/__site/{u.hostname}{u.path or '/'}" + (f"?{u.query}" if u.query else "")

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
        self.app.w.close()

    def __enter__(self) -> SandboxHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_in_thread(world_dir: str | Path, port: int = 0, speed: float | None = None,
                    start: str | float | datetime | None = None, *, error_rate: float = 0.0, latency_ms: int = 0,
                    seed: int = 0) -> SandboxHandle:
    """Start the server on 127.0.0.1 in a daemon thread; ``port=0`` picks a free port."""
    server, app = make_server(world_dir, port=port, speed=speed, start=start, error_rate=error_rate,
                              latency_ms=latency_ms, seed=seed)
    t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True,
                         name="sandbox-http")
    t.start()
    return SandboxHandle(server, app, t)


def serve_forever(world_dir: str | Path, port: int, **kw: object) -> None:
    server, _app = make_server(world_dir, port=port, **kw)  # type: ignore[arg-type]
    try:
        server.serve_forever()
    finally:
        server.server_close()
