"""Offline formats (exports handed to an inspector), read by streaming and written atomically.

* Edges TSV: ``u<TAB>v[<TAB>weight]`` per line; blank lines and ``#`` comments are skipped.
* Partition TSV: ``node<TAB>community`` per line, nodes in order of first appearance in the input.
* Events JSONL: one ``{id, story?, account, created_at, parent_id?, url?, fingerprint?}`` object per line
  (other fields, such as ``text``, are ignored: the caller fingerprints text with ``nlp.fingerprint``).
* Cascades JSON: one object keyed by story: ``{parents: {id: parent_id}, origin: [{id, account, score,
  evidence}], metrics, …}``, written story by story.

A bad line raises :class:`~common.errors.ValidationError` naming file and line; outputs are written to a
temporary file and renamed into place, so a failure never leaves a half-written result behind.

>>> import io as _io
>>> list(iter_edges_tsv(_io.StringIO("# comment\\na\\tb\\nb\\tc\\t2.5\\n")))
[('a', 'b', 1.0), ('b', 'c', 2.5)]
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import orjson

from common.errors import ValidationError
from graph.analytics.events import Event, parse_event

PathOrFile = str | os.PathLike[str] | IO[str]


@contextmanager
def _open_text(src: PathOrFile) -> Iterator[tuple[IO[str], str]]:
    if hasattr(src, "read"):
        yield src, getattr(src, "name", "<stream>")  # type: ignore[misc]
        return
    path = Path(src)  # type: ignore[arg-type]
    if not path.is_file():
        raise ValidationError(f"{path}: no such file")
    with path.open("r", encoding="utf-8", newline="") as fh:
        yield fh, str(path)


def iter_edges_tsv(src: PathOrFile) -> Iterator[tuple[str, str, float]]:
    """Stream ``(u, v, weight)`` from an edges TSV (weight 1.0 when absent)."""
    with _open_text(src) as (fh, name):
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) == 2:
                u, v = parts
                w = 1.0
            elif len(parts) == 3:
                u, v, ws = parts
                try:
                    w = float(ws)
                except ValueError:
                    raise ValidationError(f"{name}:{lineno}: weight {ws!r} is not a number") from None
                if not (w >= 0 and w != float("inf")):
                    raise ValidationError(f"{name}:{lineno}: weight {ws!r} must be finite and >= 0")
            else:
                raise ValidationError(
                    f"{name}:{lineno}: expected 'u<TAB>v[<TAB>weight]', got {len(parts)} tab-separated fields"
                )
            u, v = u.strip(), v.strip()
            if not u or not v:
                raise ValidationError(f"{name}:{lineno}: empty node name")
            yield u, v, w


def iter_events_jsonl(
    src: PathOrFile, *, skip_invalid: bool = False, errors: list[str] | None = None,
    with_fingerprint: bool = True, prepare: Callable[[dict[str, Any]], Mapping[str, Any]] | None = None,
) -> Iterator[Event]:
    """Stream :class:`Event` from JSONL. With ``skip_invalid`` bad lines are reported into ``errors``
    (``"file:line: message"``) and skipped; otherwise the first one raises. ``prepare`` turns each decoded
    object into the event mapping first (the CLI fingerprints exported text with it)."""
    with _open_text(src) as (fh, name):
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                try:
                    rec = orjson.loads(line)
                except orjson.JSONDecodeError as e:
                    raise ValidationError(f"not JSON ({e})") from None
                if prepare is not None and isinstance(rec, dict):
                    rec = prepare(rec)
                ev = parse_event(rec, with_fingerprint=with_fingerprint)
            except ValidationError as e:
                msg = f"{name}:{lineno}: {e}"
                if not skip_invalid:
                    raise ValidationError(msg) from None
                if errors is not None:
                    errors.append(msg)
                continue
            yield ev


@contextmanager
def atomic_writer(dest: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temporary file next to ``dest`` and rename it into place only on success."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": "\n"})) as fh:
            yield fh
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_partition_tsv(membership: Mapping[Any, int], dest: str | os.PathLike[str]) -> int:
    """Write ``node<TAB>community`` lines; returns the number of lines."""
    with atomic_writer(dest) as fh:
        for node, c in membership.items():
            fh.write(f"{node}\t{c}\n")
    return len(membership)


def read_partition_tsv(src: PathOrFile) -> dict[str, int]:
    """Read a partition TSV back (``node<TAB>community``)."""
    out: dict[str, int] = {}
    with _open_text(src) as (fh, name):
        for lineno, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) != 2 or not parts[1].lstrip("-").isdigit():
                raise ValidationError(f"{name}:{lineno}: expected 'node<TAB>community'")
            out[parts[0]] = int(parts[1])
    return out


def write_cascades_json(
    results: Iterable[tuple[str, Mapping[str, Any]]],
    dest: str | os.PathLike[str],
    *,
    on_story: Callable[[str, Mapping[str, Any]], None] | None = None,
) -> int:
    """Stream ``{story: result, …}`` as one JSON object; returns the number of stories."""
    n = 0
    with atomic_writer(dest, "wb") as fh:
        fh.write(b"{")
        for story, res in results:
            if n:
                fh.write(b",\n")
            fh.write(orjson.dumps(story))
            fh.write(b":")
            fh.write(orjson.dumps(res, option=orjson.OPT_SERIALIZE_NUMPY))
            n += 1
            if on_story is not None:
                on_story(story, res)
        fh.write(b"}\n")
    return n
