"""Streaming, idempotent importer for social-media exports in the JSON Lines schema of
``docs/social-export-schema.md`` (accounts, posts, shares with parent, replies, reactions).

* streaming: one line at a time, rows written in batches; reactions are counted in a temporary SQLite
  file, so memory stays bounded whatever the file size;
* idempotent: every write is a MERGE on ``platform:handle`` / ``platform:post_id``; counts keep the
  newest observation; reaction counts are absolute per export;
* per-line errors are reported (line number, reason) while the rest loads; a post without ``created_at``
  is loaded with ``time_missing = true`` and reported as a warning;
* accounts below the follower threshold (2,000 by default) are kept with ``in_scope = false``;
* when Neo4j goes away mid-import the remaining batches are spooled and loaded later (``lantoa etl replay``).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from common.errors import ValidationError
from etl.extraction.dates import VN_TZ
from etl.urls import try_canonicalize
from nlp.fingerprint import fingerprint

log = logging.getLogger(__name__)

REACTIONS = ("like", "love", "haha", "wow", "sad", "angry")
ORDER = ("load/accounts", "load/posts", "load/post_parents", "load/post_article_shares", "load/post_reactions")
_COUNTS = ("likes", "shares", "comments", "views")
MAX_REPORTED_ERRORS = 1000


class RecordError(ValidationError, ValueError):
    """One line of an export that cannot be loaded."""


@dataclass
class ImportReport:
    lines: int = 0
    accounts: int = 0
    posts: int = 0
    reactions: int = 0
    errors: int = 0
    warnings: int = 0
    rows_written: int = 0
    rows_spooled: int = 0
    error_samples: list[tuple[int, str]] = field(default_factory=list)
    warning_samples: list[tuple[int, str]] = field(default_factory=list)

    def error(self, line: int, msg: str) -> None:
        self.errors += 1
        if len(self.error_samples) < MAX_REPORTED_ERRORS:
            self.error_samples.append((line, msg))

    def warn(self, line: int, msg: str) -> None:
        self.warnings += 1
        if len(self.warning_samples) < MAX_REPORTED_ERRORS:
            self.warning_samples.append((line, msg))


def parse_time(value, field_name: str) -> str | None:
    """ISO 8601 → ISO with offset; a time without an offset is Asia/Ho_Chi_Minh."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise RecordError(f"{field_name} is not a string time: {value!r}")
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as e:
        raise RecordError(f"{field_name} is not an ISO 8601 time: {value!r}") from e
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN_TZ)
    return dt.isoformat()


def _str(rec: dict, key: str, *, required: bool = False) -> str | None:
    v = rec.get(key)
    if v is None or (isinstance(v, str) and not v.strip()):
        if required:
            raise RecordError(f"missing required field {key!r}")
        return None
    if not isinstance(v, str | int):
        raise RecordError(f"{key} must be a string, not {type(v).__name__}")
    return str(v).strip()


def _count(rec: dict, key: str) -> int | None:
    v = rec.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
        raise RecordError(f"{key} must be an integer >= 0, not {v!r}")
    return int(v)


def account_row(rec: dict, threshold: int) -> dict:
    platform = _str(rec, "platform", required=True).lower()
    handle = _str(rec, "handle", required=True)
    followers = _count(rec, "followers")
    verified = rec.get("verified")
    if verified is not None and not isinstance(verified, bool):
        raise RecordError(f"verified must be true/false, not {verified!r}")
    return {"id": f"{platform}:{handle}", "platform": platform, "handle": handle, "name": _str(rec, "name"),
            "followers": followers, "kind": _str(rec, "kind"), "verified": verified,
            "created_at": parse_time(rec.get("created_at"), "created_at"),
            "observed_at": parse_time(rec.get("observed_at"), "observed_at"),
            "in_scope": None if followers is None else followers >= threshold,
            "outlet": (_str(rec, "outlet") or "").lower().removeprefix("www.") or None}


def post_rows(rec: dict) -> tuple[dict, list[dict], list[str]]:
    """(post row, parent rows, warnings)."""
    platform = _str(rec, "platform", required=True).lower()
    post_id = _str(rec, "post_id", required=True)
    account = _str(rec, "account", required=True)
    warnings = []
    created = parse_time(rec.get("created_at"), "created_at")
    if created is None:
        warnings.append("post has no created_at (loaded with time_missing = true)")
    kind = (_str(rec, "kind") or "post").lower()
    if kind not in ("post", "share", "quote", "reply"):
        raise RecordError(f"unknown post kind {kind!r}")
    links = rec.get("links") or []
    if not isinstance(links, list) or not all(isinstance(x, str) for x in links):
        raise RecordError("links must be a list of URLs")
    text = rec.get("text")
    if text is not None and not isinstance(text, str):
        raise RecordError("text must be a string")
    pid = f"{platform}:{post_id}"
    parent_url = _str(rec, "parent_url")
    row = {"id": pid, "platform": platform, "post_id": post_id, "account_id": f"{platform}:{account}",
           "created_at": created, "kind": kind, "text": text, "fingerprint": fingerprint(text),
           "url": _str(rec, "url"),
           "links": [c for c in (try_canonicalize(x) for x in links) if c],
           "shared_url": try_canonicalize(parent_url) if parent_url else None,
           "observed_at": parse_time(rec.get("observed_at"), "observed_at"), "time_missing": created is None,
           **{k: _count(rec, k) for k in _COUNTS}}
    parents = []
    parent_id = _str(rec, "parent_id")
    if parent_id:
        rel = "REPLIES_TO" if kind == "reply" else "SHARES"
        parents.append({"id": pid, "parent_id": f"{platform}:{parent_id}", "rel": rel, "kind": kind})
    return row, parents, warnings


def article_share_rows(post: dict) -> list[dict]:
    """SHARES from a post to the articles it shares (parent_url) or links to; matched by canonical URL."""
    urls = ([post["shared_url"]] if post["shared_url"] else []) + list(post["links"])
    return [{"id": post["id"], "article_id": u} for u in dict.fromkeys(urls)]


def rows_for_records(records: Iterable[dict], *, threshold: int = 2000) -> dict[str, list[dict]]:
    """Graph rows of already-valid export records (the channel spider's)."""
    out: dict[str, list[dict]] = {}
    for rec in records:
        if rec.get("type") == "account":
            out.setdefault("load/accounts", []).append(account_row(rec, threshold))
        elif rec.get("type") == "post":
            row, parents, _ = post_rows(rec)
            out.setdefault("load/posts", []).append(row)
            if parents:
                out.setdefault("load/post_parents", []).extend(parents)
            shares = article_share_rows(row)
            if shares:
                out.setdefault("load/post_article_shares", []).extend(shares)
    return out


class _ReactionCounter:
    """Reaction counts per post in a temporary SQLite file (bounded memory for any export size)."""

    def __init__(self) -> None:
        self._tmp = tempfile.NamedTemporaryFile(prefix="lantoa-reactions-", suffix=".sqlite", delete=False)
        self._tmp.close()
        self.db = sqlite3.connect(self._tmp.name)
        self.db.execute("CREATE TABLE r (post TEXT, reaction TEXT, n INTEGER, PRIMARY KEY (post, reaction))")

    def add(self, post: str, reaction: str) -> None:
        self.db.execute("INSERT INTO r VALUES (?, ?, 1) ON CONFLICT(post, reaction) DO UPDATE SET n = n + 1",
                        (post, reaction))

    def rows(self) -> Iterator[dict]:
        cur = self.db.execute("SELECT post, reaction, n FROM r ORDER BY post")
        current: dict | None = None
        for post, reaction, n in cur:
            if current is None or current["id"] != post:
                if current:
                    yield current
                current = {"id": post, **{r: 0 for r in REACTIONS}}
            current[reaction] = n
        if current:
            yield current

    def close(self) -> None:
        self.db.close()
        Path(self._tmp.name).unlink(missing_ok=True)


def iter_lines(path: Path) -> Iterator[tuple[int, str]]:
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, start=1):
            try:
                yield n, raw.decode("utf-8")
            except UnicodeDecodeError as e:
                yield n, f"\x00bad-utf8:{e}"


def import_social(
    path: Path,
    write: Callable[[str, list[dict]], None],
    *,
    threshold: int = 2000,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Stream ``path`` into the graph through ``write(statement, rows)`` (a GraphWriter.write, or a spooling
    wrapper). Returns the report; never stops on a bad line."""
    report = ImportReport()
    buf: dict[str, list[dict]] = {k: [] for k in ORDER}
    reactions = _ReactionCounter()

    def flush(force: bool = False) -> None:
        if not force and len(buf["load/posts"]) + len(buf["load/accounts"]) < batch_size:
            return
        for stmt in ORDER:
            if buf[stmt]:
                write(stmt, buf[stmt])
                report.rows_written += len(buf[stmt])
                buf[stmt] = []

    try:
        for n, line in iter_lines(Path(path)):
            report.lines += 1
            if progress and n % 10_000 == 0:
                progress(n)
            if not line.strip():
                continue
            if line.startswith("\x00bad-utf8:"):
                report.error(n, "line is not valid UTF-8")
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                report.error(n, f"not JSON: {e.msg} at column {e.colno}")
                continue
            if not isinstance(rec, dict):
                report.error(n, "line is not a JSON object")
                continue
            try:
                kind = rec.get("type")
                if kind == "account":
                    buf["load/accounts"].append(account_row(rec, threshold))
                    report.accounts += 1
                elif kind == "post":
                    row, parents, warns = post_rows(rec)
                    buf["load/posts"].append(row)
                    buf["load/post_parents"].extend(parents)
                    buf["load/post_article_shares"].extend(article_share_rows(row))
                    report.posts += 1
                    for w in warns:
                        report.warn(n, w)
                elif kind == "reaction":
                    platform = _str(rec, "platform", required=True).lower()
                    post_id = _str(rec, "post_id", required=True)
                    reaction = (_str(rec, "reaction", required=True) or "").lower()
                    if reaction not in REACTIONS:
                        raise RecordError(f"unknown reaction {reaction!r}")
                    parse_time(rec.get("created_at"), "created_at")
                    reactions.add(f"{platform}:{post_id}", reaction)
                    report.reactions += 1
                else:
                    raise RecordError(f"unknown type {kind!r}")
            except RecordError as e:
                report.error(n, str(e))
                continue
            flush()
        flush(force=True)
        batch: list[dict] = []
        for row in reactions.rows():
            batch.append(row)
            if len(batch) >= batch_size:
                write("load/post_reactions", batch)
                report.rows_written += len(batch)
                batch = []
        if batch:
            write("load/post_reactions", batch)
            report.rows_written += len(batch)
    finally:
        reactions.close()
    for line_no, msg in report.error_samples[:20]:
        log.warning("line %d: %s", line_no, msg)
    return report


class SpoolingWriter:
    """``write(statement, rows)`` through a GraphWriter; once Neo4j is away, rows go to the spool instead."""

    def __init__(self, writer, spool) -> None:
        self.writer = writer
        self.spool = spool
        self.offline = False
        self.spooled = 0

    def __call__(self, statement: str, rows: list[dict]) -> None:
        from graph.repository import BatchUnavailableError

        if not self.offline:
            try:
                self.writer.write(statement, rows)
                return
            except BatchUnavailableError as e:
                log.error("Neo4j went away during %s: spooling the rest of the import", statement)
                self.offline = True
                rows = rows[e.committed_rows:]
        if rows:
            self.spool.put(statement, rows)
            self.spooled += len(rows)


def validate_only(path: Path, *, threshold: int = 2000) -> ImportReport:
    """Parse and check a file without writing anything (``lantoa etl import-social --check``)."""
    def nowrite(statement: str, rows: list[dict]) -> None:
        if not statement.startswith("load/"):
            raise ValidationError(statement)

    return import_social(path, nowrite, threshold=threshold)
