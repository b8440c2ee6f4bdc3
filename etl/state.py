"""The crawler's local memory (SQLite, WAL): seen URLs and content hashes, conditional-GET validators,
per-source polls, near-duplicate fingerprints and copies. It is what makes a crawl incremental and a
restart after SIGKILL free of duplicates: an item is marked seen only after it is written (or spooled)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
  canonical_url TEXT PRIMARY KEY, url TEXT, outlet TEXT, source TEXT, title TEXT,
  published_at TEXT, detected_at TEXT, content_hash TEXT, evidence_sha256 TEXT, capture_id TEXT,
  status TEXT, concerns INTEGER, relevance REAL, reasons TEXT, signature BLOB
);
CREATE INDEX IF NOT EXISTS items_hash ON items(content_hash);
CREATE INDEX IF NOT EXISTS items_source ON items(source);
CREATE TABLE IF NOT EXISTS aliases (url TEXT PRIMARY KEY, canonical_url TEXT, reason TEXT, at TEXT);
CREATE TABLE IF NOT EXISTS validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, status INTEGER,
  checked_at TEXT);
CREATE TABLE IF NOT EXISTS polls (source TEXT, feed TEXT, at TEXT, status INTEGER, new_items INTEGER);
CREATE INDEX IF NOT EXISTS polls_source ON polls(source, at);
CREATE TABLE IF NOT EXISTS copies (src TEXT, dst TEXT, similarity REAL, PRIMARY KEY (src, dst));
CREATE TABLE IF NOT EXISTS failures (url TEXT PRIMARY KEY, source TEXT, reason TEXT, at TEXT, attempts INTEGER);
"""


@dataclass(slots=True)
class ItemRow:
    canonical_url: str
    url: str
    outlet: str
    source: str | None
    title: str | None
    published_at: str | None
    detected_at: str | None
    content_hash: str | None
    evidence_sha256: str | None
    capture_id: str | None
    status: str
    concerns: bool | None
    relevance: float | None
    reasons: list[str]


class StateStore:
    """Thread-safe (one connection, one lock); Scrapy runs pipelines in the reactor thread anyway."""

    def __init__(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- seen URLs -------------------------------------------------------------------------------------
    def is_seen(self, canonical_url: str) -> bool:
        with self._lock:
            if self._db.execute("SELECT 1 FROM items WHERE canonical_url=?", (canonical_url,)).fetchone():
                return True
            return bool(self._db.execute("SELECT 1 FROM aliases WHERE url=?", (canonical_url,)).fetchone())

    def url_for_hash(self, content_hash: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT canonical_url FROM items WHERE content_hash=? LIMIT 1",
                                   (content_hash,)).fetchone()
        return row[0] if row else None

    def hash_for_url(self, canonical_url: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT content_hash FROM items WHERE canonical_url=?", (canonical_url,)).fetchone()
        return row[0] if row else None

    def mark_items(self, rows: list[ItemRow], signatures: dict[str, str] | None = None) -> None:
        sigs = signatures or {}
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for r in rows:
                    self._db.execute(
                        "INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(canonical_url) DO UPDATE SET "
                        "title=excluded.title, published_at=coalesce(excluded.published_at, items.published_at), "
                        "content_hash=excluded.content_hash, evidence_sha256=excluded.evidence_sha256, "
                        "capture_id=excluded.capture_id, status=excluded.status, concerns=excluded.concerns, "
                        "relevance=excluded.relevance, reasons=excluded.reasons, "
                        "signature=coalesce(excluded.signature, items.signature)",
                        (r.canonical_url, r.url, r.outlet, r.source, r.title, r.published_at, r.detected_at,
                         r.content_hash, r.evidence_sha256, r.capture_id, r.status,
                         None if r.concerns is None else int(r.concerns), r.relevance,
                         json.dumps(r.reasons, ensure_ascii=False), sigs.get(r.canonical_url)),
                    )
                self._db.execute("COMMIT")
            except Exception:
                self._db.execute("ROLLBACK")
                raise

    def set_status(self, canonical_urls: list[str], status: str) -> None:
        with self._lock:
            self._db.executemany("UPDATE items SET status=? WHERE canonical_url=?",
                                 [(status, u) for u in canonical_urls])

    def add_alias(self, url: str, canonical_url: str, reason: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO aliases VALUES (?,?,?,?)",
                             (url, canonical_url, reason, datetime.now(UTC).isoformat()))

    def item(self, canonical_url: str) -> ItemRow | None:
        with self._lock:
            row = self._db.execute(
                "SELECT canonical_url,url,outlet,source,title,published_at,detected_at,content_hash,evidence_sha256,"
                "capture_id,status,concerns,relevance,reasons FROM items WHERE canonical_url=?", (canonical_url,),
            ).fetchone()
        if not row:
            return None
        return ItemRow(*row[:11], None if row[11] is None else bool(row[11]), row[12], json.loads(row[13] or "[]"))

    def iter_items(self) -> Iterator[ItemRow]:
        with self._lock:
            rows = self._db.execute(
                "SELECT canonical_url,url,outlet,source,title,published_at,detected_at,content_hash,evidence_sha256,"
                "capture_id,status,concerns,relevance,reasons FROM items").fetchall()
        for row in rows:
            yield ItemRow(*row[:11], None if row[11] is None else bool(row[11]), row[12], json.loads(row[13] or "[]"))

    def signatures(self) -> Iterator[tuple[str, str | bytes, str | None]]:
        """(url, stored fingerprint, published_at): hex text of ``nlp.fingerprint``; bytes from older versions."""
        with self._lock:
            rows = self._db.execute(
                "SELECT canonical_url, signature, published_at FROM items WHERE signature IS NOT NULL").fetchall()
        yield from rows

    def count_items(self) -> int:
        with self._lock:
            return self._db.execute("SELECT count(*) FROM items").fetchone()[0]

    # -- copies ------------------------------------------------------------------------------------------
    def add_copies(self, pairs: list[tuple[str, str, float]]) -> None:
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO copies VALUES (?,?,?)", pairs)

    def copies_of(self, canonical_url: str) -> list[tuple[str, str, float]]:
        """Every copy edge touching the item, and transitively the chain (src copies dst)."""
        seen = {canonical_url}
        frontier = [canonical_url]
        edges: set[tuple[str, str, float]] = set()
        with self._lock:
            while frontier:
                u = frontier.pop()
                for src, dst, sim in self._db.execute(
                        "SELECT src,dst,similarity FROM copies WHERE src=? OR dst=?", (u, u)).fetchall():
                    edges.add((src, dst, sim))
                    for v in (src, dst):
                        if v not in seen:
                            seen.add(v)
                            frontier.append(v)
        return sorted(edges)

    # -- conditional GET -----------------------------------------------------------------------------------
    def validators(self, url: str) -> tuple[str | None, str | None]:
        with self._lock:
            row = self._db.execute("SELECT etag,last_modified FROM validators WHERE url=?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_validators(self, url: str, etag: str | None, last_modified: str | None, status: int) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO validators VALUES (?,?,?,?,?)",
                             (url, etag, last_modified, status, datetime.now(UTC).isoformat()))

    # -- polls and failures --------------------------------------------------------------------------------
    def record_poll(self, source: str, feed: str, at: str, status: int, new_items: int) -> None:
        with self._lock:
            self._db.execute("INSERT INTO polls VALUES (?,?,?,?,?)", (source, feed, at, status, new_items))

    def polls(self) -> list[tuple[str, str, str, int, int]]:
        with self._lock:
            return self._db.execute("SELECT source, feed, at, status, new_items FROM polls ORDER BY at").fetchall()

    def record_failure(self, url: str, source: str | None, reason: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO failures VALUES (?,?,?,?,1) ON CONFLICT(url) DO UPDATE SET reason=excluded.reason, "
                "at=excluded.at, attempts=failures.attempts+1", (url, source, reason, datetime.now(UTC).isoformat()))

    def failure_reason(self, url: str) -> str | None:
        """Why the last attempt at ``url`` failed, or None when it never failed."""
        with self._lock:
            row = self._db.execute("SELECT reason FROM failures WHERE url=?", (url,)).fetchone()
        return row[0] if row else None

    def failures(self) -> list[tuple[str, str, str, str, int]]:
        with self._lock:
            return self._db.execute("SELECT url, source, reason, at, attempts FROM failures").fetchall()


def open_state(directory: Path) -> StateStore:
    return StateStore(Path(directory) / "state.sqlite")
