"""Backups of the graph and the evidence store into one verifiable archive, and their restore.

Two ways to capture the graph, both real and both checked by ``tests/integration/ops``:

* ``export`` (default; works against any server, local or ``NEO4J_URI``): every node and relationship is
  streamed through the driver into gzip JSONL with its labels/type, properties (typed: temporal values,
  durations, points and bytes survive) and element ids, plus the schema (``SHOW CONSTRAINTS/INDEXES``).
  Neo4j reads are read-committed, so the export is a consistent snapshot only while nothing writes:
  pause crawls and imports during the backup (``docs/operations.md``).
* ``dump`` (the local Community server only): the server is stopped, ``neo4j-admin database dump`` writes the
  store file, the server is started again. Byte-exact and consistent, at the price of downtime.

The archive is an uncompressed tar::

    graph/nodes.jsonl.gz, graph/relationships.jsonl.gz, graph/schema.json      (export)
    graph/neo4j.dump                                                           (dump)
    evidence/objects/ab/<sha>.gz, evidence/objects/ab/<sha>.captures.jsonl …   (the evidence store)
    manifest.json     format, creation time, counts, and the SHA-256 + size of every other member
    manifest.hmac     HMAC-SHA256 of manifest.json when ``LANTOA_OPS_BACKUP_KEY`` is set

:func:`verify_backup` checks every member against the manifest (and each evidence blob against the SHA-256
in its name) before :func:`restore_backup` touches anything; a tampered archive is refused.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import io
import json
import logging
import math
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Any

import neo4j
import neo4j.spatial
import neo4j.time

from common.errors import LantoaError, ServerError
from graph.admin import wipe
from graph.repository import GraphReader, GraphWriter, apply_schema

log = logging.getLogger(__name__)

FORMAT = "lantoa-backup/1"
NODES = "graph/nodes.jsonl.gz"
RELS = "graph/relationships.jsonl.gz"
SCHEMA = "graph/schema.json"
DUMP = "graph/neo4j.dump"
MANIFEST = "manifest.json"
MANIFEST_HMAC = "manifest.hmac"
EVIDENCE_PREFIX = "evidence/"
_CHUNK = 1 << 20


class BackupError(LantoaError):
    """A backup cannot be written or read, or a restore cannot proceed."""


class BackupTamperedError(BackupError):
    """The archive does not match its manifest (or the manifest its HMAC): it is refused."""


# ---------------------------------------------------------------------------------------------------------
# typed property values <-> JSON
# ---------------------------------------------------------------------------------------------------------
_POINT_CLASSES = {7203: neo4j.spatial.CartesianPoint, 9157: neo4j.spatial.CartesianPoint,
                  4326: neo4j.spatial.WGS84Point, 4979: neo4j.spatial.WGS84Point}


def _tz_name(tz: Any) -> str | None:
    """The IANA name of a named zone; None for a fixed offset. The driver hydrates both ``Z`` and ``[UTC]`` to
    ``pytz.utc``, so those two cannot be told apart: they come back as ``Z`` (the same instant and offset)."""
    name = getattr(tz, "key", None) or getattr(tz, "zone", None)
    return None if name in (None, "UTC") else name


def encode_value(v: Any) -> Any:
    """A Neo4j property value as JSON: plain values stay, others become ``{"$t": type, …}``.

    >>> encode_value(neo4j.time.Date(2025, 7, 1))
    {'$t': 'date', 'v': '2025-07-01'}
    >>> decode_value(encode_value(neo4j.time.Date(2025, 7, 1)))
    neo4j.time.Date(2025, 7, 1)
    """
    if v is None or isinstance(v, bool | int | str):
        return v
    if isinstance(v, float):
        if math.isfinite(v):
            return v
        return {"$t": "float", "v": repr(v)}
    if isinstance(v, bytes | bytearray):
        return {"$t": "bytes", "v": base64.b64encode(bytes(v)).decode("ascii")}
    if isinstance(v, neo4j.time.DateTime):
        if v.tzinfo is None:
            return {"$t": "localdatetime", "v": v.iso_format()}
        out = {"$t": "datetime", "v": v.iso_format()}
        name = _tz_name(v.tzinfo)
        if name:
            out["z"] = name
        return out
    if isinstance(v, neo4j.time.Date):
        return {"$t": "date", "v": v.iso_format()}
    if isinstance(v, neo4j.time.Time):
        if v.tzinfo is None:
            return {"$t": "localtime", "v": v.iso_format()}
        return {"$t": "time", "v": v.iso_format()}
    if isinstance(v, neo4j.time.Duration):
        return {"$t": "duration", "v": [v.months, v.days, v.seconds, v.nanoseconds]}
    if isinstance(v, neo4j.spatial.Point):
        return {"$t": "point", "srid": v.srid, "v": list(v)}
    if isinstance(v, list | tuple):  # after Duration and Point, which are tuples too
        return [encode_value(x) for x in v]
    raise BackupError(f"cannot back up a property value of type {type(v).__name__}")


def decode_value(v: Any) -> Any:
    if isinstance(v, list):
        return [decode_value(x) for x in v]
    if not isinstance(v, dict):
        return v
    t, raw = v.get("$t"), v.get("v")
    if t == "float":
        return float(raw)
    if t == "bytes":
        return base64.b64decode(raw)
    if t == "datetime":
        dt = neo4j.time.DateTime.from_iso_format(raw)
        if v.get("z"):
            # pytz, which the driver itself uses for named zones (a zoneinfo tz crashed its packer here)
            import pytz

            return dt.astimezone(pytz.timezone(v["z"]))
        # a fixed offset as a stdlib timezone: pytz turns offset 0 into its UTC zone, which packs as "[UTC]"
        return dt.replace(tzinfo=timezone(dt.utcoffset()))
    if t == "localdatetime":
        return neo4j.time.DateTime.from_iso_format(raw)
    if t == "date":
        return neo4j.time.Date.from_iso_format(raw)
    if t in ("time", "localtime"):
        return neo4j.time.Time.from_iso_format(raw)
    if t == "duration":
        months, days, seconds, nanos = raw
        return neo4j.time.Duration(months=months, days=days, seconds=seconds, nanoseconds=nanos)
    if t == "point":
        cls = _POINT_CLASSES.get(int(v["srid"]))
        if cls is None:
            raise BackupError(f"unknown point SRID {v['srid']}")
        return cls(tuple(raw))
    raise BackupError(f"unknown encoded value {v!r:.80}")


def encode_props(props: dict[str, Any]) -> dict[str, Any]:
    return {k: encode_value(x) for k, x in props.items()}


def decode_props(props: dict[str, Any]) -> dict[str, Any]:
    return {k: decode_value(x) for k, x in props.items()}


# ---------------------------------------------------------------------------------------------------------
# manifest
# ---------------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Manifest:
    format: str
    mode: str
    created_at: str
    database: str
    server_version: str | None
    counts: dict[str, int]
    labels: dict[str, int]
    types: dict[str, int]
    evidence_files: int
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Manifest:
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise BackupError(f"not a Lan Tỏa backup (format {raw.get('format')!r}, expected {FORMAT!r})")
        return cls(**{k: raw[k] for k in cls.__dataclass_fields__})


def _hmac(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()


class _HashingWriter(io.RawIOBase):
    """A file wrapper that hashes and counts what goes through it."""

    def __init__(self, fh) -> None:
        self.fh, self.sha, self.size = fh, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self.sha.update(b)
        self.size += len(b)
        return self.fh.write(b)


# ---------------------------------------------------------------------------------------------------------
# create
# ---------------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class BackupResult:
    path: Path
    manifest: Manifest


def _server_version(driver: neo4j.Driver, database: str) -> str | None:
    try:
        rows = GraphReader(driver, database=database).read("read/server_version")
    except LantoaError:
        return None
    return rows[0].get("version") if rows else None


def _write_jsonl_gz(path: Path, records: Iterator[dict], on_row: Callable[[], None] | None) -> dict[str, Any]:
    with open(path, "wb") as raw:
        hw = _HashingWriter(raw)
        with gzip.GzipFile(fileobj=hw, mode="wb", compresslevel=6, mtime=0) as gz:
            for rec in records:
                gz.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
                if on_row:
                    on_row()
        raw.flush()
        os.fsync(raw.fileno())
    return {"sha256": hw.sha.hexdigest(), "size": hw.size}


def _file_digest(path: Path) -> dict[str, Any]:
    sha, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return {"sha256": sha.hexdigest(), "size": size}


def _evidence_files(evidence_dir: Path | None) -> list[Path]:
    if evidence_dir is None or not Path(evidence_dir).is_dir():
        return []
    out = []
    for p in sorted(Path(evidence_dir).rglob("*")):
        if p.is_file() and not p.is_symlink() and not p.name.startswith(".tmp-"):
            out.append(p)
    return out


def _export_graph(driver: neo4j.Driver, database: str, work: Path,
                  progress: Callable[[str, int], None] | None) -> tuple[dict, dict[str, int], dict[str, int], dict]:
    reader = GraphReader(driver, database=database)
    labels: dict[str, int] = {}
    types: dict[str, int] = {}
    counts = {"nodes": 0, "relationships": 0}

    def nodes() -> Iterator[dict]:
        for r in reader.stream("admin/backup_nodes"):
            for lab in r["labels"]:
                labels[lab] = labels.get(lab, 0) + 1
            counts["nodes"] += 1
            yield {"k": r["k"], "labels": sorted(r["labels"]), "props": encode_props(r["props"])}

    def rels() -> Iterator[dict]:
        for r in reader.stream("admin/backup_relationships"):
            types[r["type"]] = types.get(r["type"], 0) + 1
            counts["relationships"] += 1
            yield {"k": r["k"], "s": r["s"], "e": r["e"], "type": r["type"], "props": encode_props(r["props"])}

    def tick(kind: str) -> Callable[[], None] | None:
        return (lambda: progress(kind, 1)) if progress else None

    # the database going away mid-way raises DatabaseUnavailableError (graph.repository)
    files = {NODES: _write_jsonl_gz(work / "nodes.jsonl.gz", nodes(), tick("nodes")),
             RELS: _write_jsonl_gz(work / "relationships.jsonl.gz", rels(), tick("relationships"))}
    schema = {"constraints": reader.read("admin/backup_constraints"),
              "indexes": reader.read("admin/backup_indexes")}
    schema_bytes = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode()
    (work / "schema.json").write_bytes(schema_bytes)
    files[SCHEMA] = {"sha256": hashlib.sha256(schema_bytes).hexdigest(), "size": len(schema_bytes)}
    return files, counts, labels, types


def create_backup(
    driver: neo4j.Driver,
    out: Path,
    *,
    database: str = "neo4j",
    evidence_dir: Path | None = None,
    key: bytes | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> BackupResult:
    """Export the graph through the driver and pack it with the evidence store into ``out`` (atomic)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as tmp:
        work = Path(tmp)
        files, counts, labels, types = _export_graph(driver, database, work, progress)
        members = {NODES: work / "nodes.jsonl.gz", RELS: work / "relationships.jsonl.gz",
                   SCHEMA: work / "schema.json"}
        manifest = Manifest(format=FORMAT, mode="export", created_at=datetime.now(UTC).isoformat(),
                            database=database, server_version=_server_version(driver, database),
                            counts=counts, labels=labels, types=types, evidence_files=0, files=files)
        _pack(out, work, members, manifest, evidence_dir, key)
    return BackupResult(out, manifest)


def _pack(out: Path, work: Path, members: dict[str, Path], manifest: Manifest,
          evidence_dir: Path | None, key: bytes | None) -> None:
    ev = _evidence_files(evidence_dir)
    tmp_out = work / "archive.tar"
    try:
        with tarfile.open(tmp_out, "w", format=tarfile.PAX_FORMAT) as tf:
            for name, path in members.items():
                manifest.files.setdefault(name, _file_digest(path))
                tf.add(path, arcname=name, recursive=False)
            for p in ev:
                name = EVIDENCE_PREFIX + p.relative_to(evidence_dir).as_posix()
                # hash what goes into the archive, so a file changing meanwhile cannot slip past the manifest
                data = p.read_bytes()
                manifest.files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = len(data), int(p.stat().st_mtime), 0o640
                tf.addfile(info, io.BytesIO(data))
            manifest.evidence_files = len(ev)
            mbytes = manifest.to_bytes()
            _add_bytes(tf, MANIFEST, mbytes)
            if key:
                _add_bytes(tf, MANIFEST_HMAC, (_hmac(key, mbytes) + "\n").encode())
        with open(tmp_out, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_out, out)
    except OSError as e:
        raise BackupError(f"cannot write the backup {out}: {e}") from e


def _add_bytes(tf: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o640
    tf.addfile(info, io.BytesIO(data))


# ---------------------------------------------------------------------------------------------------------
# verify
# ---------------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class VerifyReport:
    ok: bool
    checked: int
    problems: list[str]
    manifest: Manifest | None = None
    signed: bool = False


def _safe_name(name: str) -> bool:
    p = PurePosixPath(name)
    return bool(name) and not p.is_absolute() and ".." not in p.parts and "\\" not in name


def verify_backup(path: Path, *, key: bytes | None = None) -> VerifyReport:
    """Check the archive without extracting it. Never raises for a damaged archive: the report says why.

    With ``key`` the manifest must carry a matching HMAC (an unsigned archive is refused)."""
    problems: list[str] = []
    checked = 0
    try:
        tf = tarfile.open(path, "r:")
    except (OSError, tarfile.TarError) as e:
        return VerifyReport(False, 0, [f"not a readable backup archive: {e}"])
    with tf:
        try:
            members = tf.getmembers()
        except (OSError, tarfile.TarError) as e:
            return VerifyReport(False, 0, [f"the archive is truncated or damaged: {e}"])
        by_name: dict[str, tarfile.TarInfo] = {}
        for m in members:
            if m.name in by_name:
                problems.append(f"{m.name} appears twice in the archive")
            by_name[m.name] = m
            if not m.isfile() or not _safe_name(m.name):
                problems.append(f"{m.name!r} is not a plain file with a safe relative name")
        if MANIFEST not in by_name:
            return VerifyReport(False, 0, problems + ["manifest.json is missing"])
        mbytes = _read_member(tf, by_name[MANIFEST])
        try:
            manifest = Manifest.from_bytes(mbytes)
        except (ValueError, KeyError, TypeError, BackupError) as e:
            return VerifyReport(False, 0, problems + [f"manifest.json is unreadable: {e}"])
        signed = MANIFEST_HMAC in by_name
        if key is not None:
            if not signed:
                problems.append("the archive is not signed (manifest.hmac missing) but a backup key is configured")
            else:
                got = _read_member(tf, by_name[MANIFEST_HMAC]).decode(errors="replace").strip()
                if not hmac.compare_digest(got, _hmac(key, mbytes)):
                    problems.append("manifest.json does not match its HMAC (edited, or another key)")
        for name, want in manifest.files.items():
            m = by_name.get(name)
            if m is None:
                problems.append(f"{name} is listed in the manifest but missing")
                continue
            sha, size = hashlib.sha256(), 0
            fh = tf.extractfile(m)
            if fh is None:
                problems.append(f"{name} cannot be read")
                continue
            try:
                while chunk := fh.read(_CHUNK):
                    sha.update(chunk)
                    size += len(chunk)
            except (OSError, tarfile.TarError) as e:
                problems.append(f"{name} cannot be read: {e}")
                continue
            checked += 1
            if sha.hexdigest() != want.get("sha256") or size != want.get("size"):
                problems.append(f"{name} was modified (SHA-256 or size differs from the manifest)")
            elif name.startswith(EVIDENCE_PREFIX) and name.endswith(".gz"):
                problems.extend(_check_evidence_blob(tf, m))
        for name in sorted(set(by_name) - set(manifest.files) - {MANIFEST, MANIFEST_HMAC}):
            problems.append(f"{name} is not in the manifest")
    return VerifyReport(not problems, checked, problems, manifest, signed)


def _check_evidence_blob(tf: tarfile.TarFile, m: tarfile.TarInfo) -> list[str]:
    """An evidence blob is named by the SHA-256 of its uncompressed body: check that too."""
    stem = PurePosixPath(m.name).name[: -len(".gz")]
    if len(stem) != 64:
        return []
    try:
        body = gzip.decompress(_read_member(tf, m))
    except (OSError, EOFError) as e:
        return [f"{m.name} is not a readable gzip file: {e}"]
    if hashlib.sha256(body).hexdigest() != stem:
        return [f"{m.name}: the page does not hash to the SHA-256 in its name"]
    return []


def _read_member(tf: tarfile.TarFile, m: tarfile.TarInfo) -> bytes:
    fh = tf.extractfile(m)
    return fh.read() if fh else b""


# ---------------------------------------------------------------------------------------------------------
# restore
# ---------------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class RestoreResult:
    nodes: int
    relationships: int
    evidence_files: int
    missing_schema: list[str]
    previous_evidence: Path | None = None


def _jsonl_records(tf: tarfile.TarFile, name: str) -> Iterator[dict]:
    fh = tf.extractfile(tf.getmember(name))
    if fh is None:
        raise BackupError(f"{name} cannot be read")
    with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
        for line in gz:
            if line.strip():
                yield json.loads(line)


def _batched(it: Iterator[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for x in it:
        batch.append(x)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _count(driver: neo4j.Driver, database: str) -> dict[str, int]:
    rows = GraphReader(driver, database=database).read("admin/backup_counts")
    return {"nodes": rows[0]["nodes"], "relationships": rows[0]["relationships"]}


def restore_backup(
    driver: neo4j.Driver | None,
    path: Path,
    *,
    database: str = "neo4j",
    evidence_dir: Path | None = None,
    key: bytes | None = None,
    replace: bool = False,
    batch_size: int = 5000,
    progress: Callable[[str, int], None] | None = None,
    server: Any | None = None,
) -> RestoreResult:
    """Verify ``path`` and restore it: the graph into ``database`` and the evidence store into ``evidence_dir``.

    The target database must be empty unless ``replace`` (then it is wiped first; for an evidence store that
    is not empty, ``replace`` moves it aside to ``<dir>.before-restore-<time>`` — nothing is deleted).
    A ``dump`` archive needs ``server`` (the :class:`graph.server_manager.LocalNeo4j` it belongs to)."""
    report = verify_backup(path, key=key)
    if not report.ok:
        raise BackupTamperedError(f"{path} is refused: " + "; ".join(report.problems[:10]))
    manifest = report.manifest
    assert manifest is not None
    evidence_target = Path(evidence_dir) if evidence_dir is not None else None
    if manifest.evidence_files and evidence_target is not None and not replace and _non_empty(evidence_target):
        raise BackupError(f"the evidence store {evidence_target} is not empty; pass replace to move it aside")
    if manifest.mode == "dump":
        if server is None:
            raise BackupError("this archive holds a neo4j-admin dump: restore it with the local server (--mode dump)")
        nodes, rels, missing = _restore_dump(server, path, database, replace)
        if {"nodes": nodes, "relationships": rels} != manifest.counts:
            raise BackupError(f"restored {nodes} nodes / {rels} relationships, the backup holds {manifest.counts}")
    else:
        if driver is None:
            raise BackupError("restoring an export needs a database connection")
        nodes, rels, missing = _restore_export(driver, path, manifest, database, replace, batch_size, progress)
    moved = None
    n_ev = 0
    if evidence_target is not None and manifest.evidence_files:
        moved, n_ev = _restore_evidence(path, manifest, evidence_target)
    return RestoreResult(nodes, rels, n_ev, missing, moved)


def _restore_export(driver: neo4j.Driver, path: Path, manifest: Manifest, database: str, replace: bool,
                    batch_size: int, progress: Callable[[str, int], None] | None) -> tuple[int, int, list[str]]:
    """Recreate the exported nodes and relationships, batch by batch (the database going away mid-way raises
    DatabaseUnavailableError; restore into an emptied database again)."""
    before = _count(driver, database)
    if before["nodes"] or before["relationships"]:
        if not replace:
            raise BackupError(
                f"database {database!r} is not empty ({before['nodes']} nodes); restore into an empty "
                "database or pass replace (which wipes it first)")
        wipe(driver, database=database)
    apply_schema(driver, database=database)
    writer = GraphWriter(driver, database=database)
    new_id: dict[str, str] = {}
    with tarfile.open(path, "r:") as tf:
        for batch in _batched(_jsonl_records(tf, NODES), batch_size):
            rows = [{"k": r["k"], "labels": r["labels"], "props": decode_props(r["props"])} for r in batch]
            for rec in writer.run("admin/restore_nodes", {"rows": rows}):
                new_id[rec["k"]] = rec["e"]
            if progress:
                progress("nodes", len(rows))
        rels = 0
        for batch in _batched(_jsonl_records(tf, RELS), batch_size):
            try:
                rows = [{"s": new_id[r["s"]], "e": new_id[r["e"]], "type": r["type"],
                         "props": decode_props(r["props"])} for r in batch]
            except KeyError as e:
                raise BackupError(f"a relationship refers to node {e} that is not in the backup") from e
            created = writer.run("admin/restore_relationships", {"rows": rows})[0]["created"]
            if created != len(rows):
                raise BackupError(f"only {created} of {len(rows)} relationships could be recreated")
            rels += created
            if progress:
                progress("relationships", len(rows))
    after = _count(driver, database)
    if after != manifest.counts:
        raise BackupError(f"restored {after} but the backup holds {manifest.counts}")
    return after["nodes"], rels, _missing_schema(driver, database, path)


def _missing_schema(driver: neo4j.Driver, database: str, path: Path) -> list[str]:
    """Constraints/indexes the backup had that the restored database lacks (the restore applies the project's
    schema; it never runs statements taken from an archive)."""
    with tarfile.open(path, "r:") as tf:
        saved = json.loads(_read_member(tf, tf.getmember(SCHEMA)))
    reader = GraphReader(driver, database=database)
    now = {r["name"] for r in reader.read("admin/backup_constraints")} | {
        r["name"] for r in reader.read("admin/backup_indexes")}
    was = {r["name"] for r in saved.get("constraints", [])} | {r["name"] for r in saved.get("indexes", [])}
    return sorted(was - now)


def _non_empty(d: Path) -> bool:
    return d.exists() and any(d.iterdir())


def _restore_evidence(path: Path, manifest: Manifest, target: Path) -> tuple[Path | None, int]:
    """Extract into a sibling directory, then swap it in; an existing store is moved aside, never deleted."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.restore-"))
    n = 0
    try:
        with tarfile.open(path, "r:") as tf:
            for name in manifest.files:
                if not name.startswith(EVIDENCE_PREFIX):
                    continue
                rel = PurePosixPath(name[len(EVIDENCE_PREFIX):])
                dest = staging.joinpath(*rel.parts)
                dest.parent.mkdir(parents=True, exist_ok=True)
                data = _read_member(tf, tf.getmember(name))
                if hashlib.sha256(data).hexdigest() != manifest.files[name]["sha256"]:
                    raise BackupTamperedError(f"{name} changed while restoring")
                dest.write_bytes(data)
                n += 1
        moved = None
        if target.exists():
            if _non_empty(target):
                moved = target.with_name(f"{target.name}.before-restore-{datetime.now(UTC):%Y%m%dT%H%M%S}")
                target.rename(moved)
            else:
                target.rmdir()
        staging.rename(target)
        return moved, n
    except OSError as e:
        raise BackupError(f"cannot restore the evidence store into {target}: {e}") from e
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


# ---------------------------------------------------------------------------------------------------------
# offline dump (local Community server)
# ---------------------------------------------------------------------------------------------------------
def _admin(server: Any, *args: str) -> subprocess.CompletedProcess:
    from graph.server_manager import ADMIN_TOOL

    java = server._java()
    proc = subprocess.run([java, "-cp", server._classpath(), ADMIN_TOOL, *args], env=server._env(),
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ServerError(f"neo4j-admin {' '.join(args[:2])} failed: {(proc.stderr or proc.stdout)[-800:]}")
    return proc


def create_dump_backup(server: Any, out: Path, *, database: str = "neo4j", evidence_dir: Path | None = None,
                       key: bytes | None = None) -> BackupResult:
    """Stop the local server, ``neo4j-admin database dump``, start it again; pack the dump with the evidence.

    The counts in the manifest are read just before the stop, while the server is up."""
    import neo4j as _neo4j

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pw = server.s.password_file.read_text(encoding="utf-8").strip()
    with _neo4j.GraphDatabase.driver(server.s.bolt_uri, auth=("neo4j", pw)) as d:
        counts = _count(d, database)
        version = _server_version(d, database)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as tmp:
        work = Path(tmp)
        was_running = server.stop()
        try:
            server._write_conf()
            _admin(server, "database", "dump", database, f"--to-path={work}", "--overwrite-destination=true")
        finally:
            if was_running:
                server.start()
        dump = work / f"{database}.dump"
        if not dump.exists():
            raise BackupError(f"neo4j-admin wrote no {dump.name}")
        manifest = Manifest(format=FORMAT, mode="dump", created_at=datetime.now(UTC).isoformat(),
                            database=database, server_version=version, counts=counts, labels={}, types={},
                            evidence_files=0, files={})
        _pack(out, work, {DUMP: dump}, manifest, evidence_dir, key)
    return BackupResult(out, manifest)


def _restore_dump(server: Any, path: Path, database: str, replace: bool) -> tuple[int, int, list[str]]:
    import neo4j as _neo4j

    pw = server.s.password_file.read_text(encoding="utf-8").strip()
    if server.status().running:
        with _neo4j.GraphDatabase.driver(server.s.bolt_uri, auth=("neo4j", pw)) as d:
            before = _count(d, database)
        if (before["nodes"] or before["relationships"]) and not replace:
            raise BackupError(f"database {database!r} is not empty; pass replace to overwrite it")
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=server.home) as tmp:
        work = Path(tmp)
        with tarfile.open(path, "r:") as tf:
            (work / f"{database}.dump").write_bytes(_read_member(tf, tf.getmember(DUMP)))
        server.stop()
        try:
            server._write_conf()
            _admin(server, "database", "load", database, f"--from-path={work}", "--overwrite-destination=true")
        finally:
            server.start()
    with _neo4j.GraphDatabase.driver(server.s.bolt_uri, auth=("neo4j", pw)) as d:
        after = _count(d, database)
    return after["nodes"], after["relationships"], []
