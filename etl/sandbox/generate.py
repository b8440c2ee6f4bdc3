"""Write a world directory (see FORMAT.md): streamed, deterministic for a seed."""

from __future__ import annotations

import hashlib
import json
import random
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import orjson

from common.errors import SizeInvalid

from .articles import ArticleFactory, make_plan
from .settings import get_sandbox_settings
from .social import COMMUNITIES, FOLLOWER_THRESHOLD, TRUTH_KEY, ArticleRef, SocialGenerator, build_accounts
from .world import CHANNEL_HOST, GENERATOR_VERSION, OUTLETS, build_world, iso, size_spec, unit_hash

_OPT = orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


def dumps_line(obj: object) -> bytes:
    return orjson.dumps(obj, option=_OPT)


def write_json(path: Path, obj: object) -> None:
    path.write_bytes(orjson.dumps(obj, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n")


@dataclass
class WorldManifest:
    path: Path
    seed: int
    size: str
    start: str
    end: str
    counts: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        d = asdict(self)
        d.pop("path")
        d["generator_version"] = GENERATOR_VERSION
        return d

    @classmethod
    def load(cls, world_dir: Path) -> WorldManifest:
        d = json.loads((Path(world_dir) / "manifest.json").read_text(encoding="utf-8"))
        d.pop("generator_version", None)
        return cls(path=Path(world_dir), **d)


Progress = Callable[[str, int, int], None]


def generate(
    out_dir: str | Path,
    *,
    seed: int = 1,
    size: str = "tiny",
    articles: int | None = None,
    posts: int | None = None,
    accounts: int | None = None,
    days: int | None = None,
    gazetteer_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> WorldManifest:
    """Generate a world into ``out_dir`` (created; existing world files are overwritten).

    Same arguments and gazetteer give byte-identical files."""
    if not isinstance(seed, int):
        raise SizeInvalid("seed must be an integer")
    spec = size_spec(size, articles=articles, posts=posts, accounts=accounts, days=days)
    gdir = Path(gazetteer_dir) if gazetteer_dir else get_sandbox_settings().gazetteer_dir
    world = build_world(seed, spec, gdir)
    plan = make_plan(world)
    out = Path(out_dir)
    for sub in ("articles", "social", "channels", "truth"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    tick = progress or (lambda stage, done, total: None)

    write_json(out / "outlets.json", [o.to_json() for o in OUTLETS])
    write_json(out / "people.json", world.people_json())
    write_json(out / "entities.json", world.entities_json())

    # ---------------------------------------------------------------- articles
    factory = ArticleFactory(world, plan)
    refs = ArticleRef()
    recent: dict[str, deque[str]] = {o.host: deque(maxlen=30) for o in OUTLETS}
    n_prov = 0
    offset = 0
    with (out / "articles" / "articles.jsonl").open("wb") as fa, (out / "truth" / "articles.jsonl").open("wb") as ft, \
            (out / "articles" / "index.tsv").open("w", encoding="utf-8", newline="\n") as fi:
        fi.write("id\thost\tpath\tpublished\tmodified\tsection\toffset\tlength\tquirk\ttitle\n")
        for i in range(spec.articles):
            rec, truth = factory.article(i)
            if rec["copy_of"] is None:
                prev = recent[rec["host"]]
                if prev and unit_hash(seed, "l", i) < 0.3:
                    lr = random.Random(f"{seed}:l:{i}")
                    rec["links"] = sorted(set(lr.sample(list(prev), k=min(len(prev), lr.randint(1, 2)))))
                if truth["expected_status"] == 200:
                    prev.append(rec["url"])
            line = dumps_line(rec)
            fa.write(line)
            ft.write(dumps_line(truth))
            pub = factory.time_of(i)
            fi.write(f"{rec['id']}\t{rec['host']}\t{rec['path']}\t{round(pub)}\t{_epoch(rec['modified_at'])}\t"
                     f"{rec['section']}\t{offset}\t{len(line)}\t{rec['quirk']}\t{rec['title']}\n")
            offset += len(line)
            refs.add(rec, truth, round(pub))
            n_prov += truth["concerns_province"]
            if i % 2000 == 0:
                tick("articles", i, spec.articles)
    tick("articles", spec.articles, spec.articles)

    # ---------------------------------------------------------------- social
    accs = build_accounts(world)
    gen = SocialGenerator(world, plan, accs, refs)
    observed = iso(world.end)
    late = {a.idx for a in accs if "regular" in a.roles and unit_hash(seed, "late", a.idx) < 0.02}
    n_posts = n_react = n_videos = 0
    video_channels: set[str] = set()
    with (out / "social" / "export.jsonl").open("wb") as fs, (out / "channels" / "videos.jsonl").open("wb") as fv, \
            (out / "truth" / "posts.jsonl").open("wb") as fp:
        for a in accs:
            if a.idx not in late:
                fs.write(dumps_line(a.line(observed)))
        for line in gen.stream():
            label = line.pop(TRUTH_KEY, None)
            if label is not None:
                fp.write(dumps_line({"id": f"{line['platform']}:{line['post_id']}", "sentiment": label}))
            fs.write(dumps_line(line))
            if line["type"] == "post":
                n_posts += 1
                if n_posts % 20000 == 0:
                    tick("posts", n_posts, spec.posts)
            else:
                n_react += 1
            if gen.videos:
                for v in gen.videos:
                    fv.write(dumps_line(v))
                    video_channels.add(v["channel_id"])
                n_videos += len(gen.videos)
                gen.videos.clear()
        for a in accs:
            if a.idx in late:
                fs.write(dumps_line(a.line(observed)))
    tick("posts", n_posts, spec.posts)

    # ---------------------------------------------------------------- truth
    with (out / "truth" / "accounts.jsonl").open("wb") as f:
        for a in accs:
            roles = list(a.roles)
            if a.gid in gen.crisis_accounts and "crisis" not in roles:
                roles.append("crisis")
            f.write(dumps_line({"platform": a.platform, "handle": a.handle, "id": a.gid, "community": a.community,
                                "roles": roles, "followers": a.followers,
                                "monitored": a.followers >= FOLLOWER_THRESHOLD,
                                "amplifies": accs[a.target].gid if a.target is not None else None}))
    with_videos = set(video_channels)
    write_json(out / "channels" / "channels.json",
               [{"channel_id": a.handle, "name": a.name, "outlet": a.outlet,
                 "feed": f"http://{CHANNEL_HOST}/feeds/videos.xml?channel_id={a.handle}"}
                for a in accs if a.platform == "youtube" and a.handle in with_videos])
    write_json(out / "truth" / "stories.json", gen.stories)
    write_json(out / "truth" / "coordination.json", gen.coord)
    write_json(out / "truth" / "crisis.json", gen.crisis)
    members = [0] * len(COMMUNITIES)
    for a in accs:
        members[a.community] += 1
    write_json(out / "truth" / "communities.json",
               [{"id": i, "key": k, "name": n, "platform": p, "members": members[i]}
                for i, (k, n, p) in enumerate(COMMUNITIES)])

    counts = {"articles": spec.articles, "articles_province": n_prov, "posts": n_posts, "reactions": n_react,
              "accounts": len(accs), "videos": n_videos, "outlets": len(OUTLETS), "days": spec.days}
    files = {}
    for p in sorted(out.rglob("*")):
        if p.is_file() and p.name != "manifest.json":
            files[p.relative_to(out).as_posix()] = _sha256(p)
    manifest = WorldManifest(path=out, seed=seed, size=size, start=iso(world.start), end=iso(world.end),
                             counts=counts, files=files)
    write_json(out / "manifest.json", manifest.to_json())
    return manifest


def _epoch(s: str) -> int:
    from datetime import datetime

    return round(datetime.fromisoformat(s).timestamp())


def _sha256(p: Path) -> str:
    h = hashlib.sha256()
    with p.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
