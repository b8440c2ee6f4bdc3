"""The sources registry: outlets, their feeds (RSS/Atom, news sitemaps, section pages, channel feeds) and
revisit intervals. Kept as YAML data (``etl/sources.yaml``) or read from a sandbox world's ``outlets.json``."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from common.errors import ConfigError
from etl.urls import canonicalize, outlet_id

_PAGINATION = re.compile(r"(?:^|/)(?:trang|page|p)-?\d{1,4}(?:\.html?)?/?$")
FEED_KINDS = ("rss", "atom", "sitemap", "sitemap_index", "section", "channel")


@dataclass(frozen=True, slots=True)
class Feed:
    kind: str
    url: str

    def __post_init__(self) -> None:
        if self.kind not in FEED_KINDS:
            raise ConfigError(f"unknown feed kind {self.kind!r} for {self.url}")


@dataclass(frozen=True, slots=True)
class Source:
    id: str                     # the outlet host without www.
    name: str
    kind: str = "paper"
    level: str = "national"
    licence: str | None = None
    url: str | None = None
    revisit_minutes: float = 10.0
    article_pattern: str | None = None
    feeds: tuple[Feed, ...] = field(default_factory=tuple)
    disallow: tuple[str, ...] = ()

    def is_article_url(self, url: str) -> bool:
        if outlet_id(url) != self.id:
            return False
        if self.article_pattern:
            return bool(re.search(self.article_pattern, url.split("?")[0]))
        path = url.split("://", 1)[-1].split("/", 1)[-1].split("?")[0]
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if _PAGINATION.search(path) or "page=" in url:
            return False
        return bool(re.search(r"(\d{5,}|/\d{4}/\d{2}/)", path) or re.search(r"\.html?$", path)) and \
            last.count("-") >= 3

    def outlet_row(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind, "level": self.level, "licence": self.licence,
                "url": self.url or f"https://{self.id}/", "revisit_minutes": self.revisit_minutes}

    def feed_rows(self) -> list[dict]:
        return [{"id": f.url, "kind": f.kind, "outlet_id": self.id, "revisit_minutes": self.revisit_minutes}
                for f in self.feeds]

    def to_dict(self) -> dict:
        return asdict(self)


def _source(d: dict, default_revisit: float) -> Source:
    try:
        feeds = tuple(Feed(kind=f["kind"], url=canonicalize(f["url"])) for f in d.get("feeds", []))
        return Source(id=d["id"].lower().removeprefix("www."), name=d.get("name") or d["id"],
                      kind=d.get("kind", "paper"), level=d.get("level", "national"), licence=d.get("licence"),
                      url=d.get("url"), revisit_minutes=float(d.get("revisit_minutes", default_revisit)),
                      article_pattern=d.get("article_pattern"), feeds=feeds,
                      disallow=tuple(d.get("disallow", ())))
    except (KeyError, TypeError, ValueError) as e:
        raise ConfigError(f"bad source entry {d!r}: {e}") from e


def load_sources(path: Path | None = None, *, default_revisit: float = 10.0) -> list[Source]:
    """The registry from a YAML file (default: the packaged ``etl/sources.yaml``)."""
    if path:
        raw = Path(path).read_text(encoding="utf-8")
    else:
        raw = resources.files("etl").joinpath("sources.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw) or {}
    items = list(data.get("outlets", [])) + list(data.get("channels", []))
    return [_source(d, default_revisit) for d in items]


def sources_from_world(world_dir: Path, *, revisit_minutes: float = 5.0) -> list[Source]:
    """The registry of a sandbox world (``WORLD/outlets.json``, see etl/sandbox/FORMAT.md)."""
    path = Path(world_dir) / "outlets.json"
    if not path.exists():
        raise ConfigError(f"{world_dir} is not a sandbox world (no outlets.json)")
    outlets = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(outlets, dict):
        outlets = outlets.get("outlets", [])
    out = []
    for o in outlets:
        feeds = []
        for f in o.get("feeds", []):
            kind = f["kind"]
            url = f["url"] if "://" in f["url"] else f"http://{o['host']}{f['url']}"
            feeds.append({"kind": kind, "url": url})
        out.append(_source({
            "id": o["host"], "name": o.get("name"), "kind": o.get("kind", "paper"), "level": o.get("level"),
            "licence": o.get("licence"), "url": o.get("url") or f"http://{o['host']}/",
            "revisit_minutes": revisit_minutes, "feeds": feeds, "disallow": o.get("robots_disallow", []),
            "article_pattern": o.get("style", {}).get("article_regex"),
        }, revisit_minutes))
    videos = Path(world_dir) / "channels" / "videos.jsonl"
    if videos.exists():
        channels: dict[str, str] = {}
        with videos.open(encoding="utf-8") as fh:
            for line in fh:
                v = json.loads(line)
                channels.setdefault(v["channel_id"], urlsplit(v.get("url") or "http://tube.vn/").hostname or "tube.vn")
        hosts = sorted(set(channels.values()))
        for host in hosts:
            out.append(_source({
                "id": host, "name": host, "kind": "channels", "level": "none", "revisit_minutes": revisit_minutes,
                "feeds": [{"kind": "channel", "url": f"http://{host}/feeds/videos.xml?channel_id={cid}"}
                          for cid, h in sorted(channels.items()) if h == host],
            }, revisit_minutes))
    return out
