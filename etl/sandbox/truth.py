"""Readers for a world's ground truth (see FORMAT.md), for evaluation commands and tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from common.errors import WorldInvalid


def iter_jsonl(path: Path) -> Iterator[dict]:
    """Stream a JSON Lines file."""
    try:
        with Path(path).open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)
    except FileNotFoundError as e:
        raise WorldInvalid(f"missing world file {path}") from e


def read_jsonl(path: Path) -> list[dict]:
    return list(iter_jsonl(path))


def _json(world_dir: Path, rel: str) -> object:
    p = Path(world_dir) / rel
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise WorldInvalid(f"missing world file {p}") from e


def article_truth(world_dir: Path) -> Iterator[dict]:
    return iter_jsonl(Path(world_dir) / "truth" / "articles.jsonl")


def articles(world_dir: Path) -> Iterator[dict]:
    return iter_jsonl(Path(world_dir) / "articles" / "articles.jsonl")


def account_truth(world_dir: Path) -> Iterator[dict]:
    return iter_jsonl(Path(world_dir) / "truth" / "accounts.jsonl")


def post_truth(world_dir: Path) -> Iterator[dict]:
    """``{id, sentiment}`` for every post whose text the world wrote with a sentiment (truth/posts.jsonl)."""
    return iter_jsonl(Path(world_dir) / "truth" / "posts.jsonl")


def stories(world_dir: Path) -> list[dict]:
    return _json(world_dir, "truth/stories.json")  # type: ignore[return-value]


def coordination(world_dir: Path) -> dict:
    return _json(world_dir, "truth/coordination.json")  # type: ignore[return-value]


def crisis(world_dir: Path) -> dict:
    return _json(world_dir, "truth/crisis.json")  # type: ignore[return-value]


def province_urls(world_dir: Path, *, reachable_only: bool = True) -> set[str]:
    """Canonical URLs of the articles that concern the province (the crawler's recall target).

    ``reachable_only`` drops pages a polite crawler cannot get (404/500, robots-disallowed)."""
    out = set()
    for t in article_truth(world_dir):
        if not t["concerns_province"]:
            continue
        if reachable_only and (t["expected_status"] != 200 or t["robots_disallowed"]):
            continue
        out.add(t["url"])
    return out
