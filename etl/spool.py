"""On-disk spool for graph writes that could not reach Neo4j; replayed, in order, when it is back.

Each spooled batch is one JSON file ``<seq>-<statement>.json`` written atomically (tmp + fsync + rename),
holding the statement name and its rows. Load statements are idempotent MERGEs, so replaying a batch that
had in fact committed is harmless; a batch file is deleted only after its write succeeds."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common.errors import DatabaseUnavailableError
from graph.repository import GraphWriter

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ReplayResult:
    batches: int = 0
    rows: int = 0
    remaining: int = 0


class Spool:
    def __init__(self, directory: Path) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)

    def _next_name(self, statement: str) -> str:
        return f"{time.time_ns():020d}-{os.getpid()}-{statement.replace('/', '__')}.json"

    def put(self, statement: str, rows: list[dict]) -> Path:
        if not rows:
            raise ValueError("nothing to spool")
        path = self.dir / self._next_name(statement)
        fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"statement": statement, "rows": rows}, fh, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        return path

    def pending(self) -> list[Path]:
        return sorted(p for p in self.dir.glob("*.json") if not p.name.startswith(".tmp-"))

    def __len__(self) -> int:
        return len(self.pending())

    def replay(self, writer: GraphWriter) -> ReplayResult:
        """Write every spooled batch in order; stop (keeping the rest) when the database is still away."""
        res = ReplayResult()
        files = self.pending()
        for i, path in enumerate(files):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as e:
                bad = path.with_suffix(".corrupt")
                path.rename(bad)
                log.error("spool file %s is unreadable (%s); moved to %s", path.name, e, bad.name)
                continue
            try:
                writer.write(data["statement"], data["rows"])
            except DatabaseUnavailableError:
                res.remaining = len(files) - i
                return res
            path.unlink()
            res.batches += 1
            res.rows += len(data["rows"])
        return res
