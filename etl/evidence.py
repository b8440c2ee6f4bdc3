"""Evidence store: every fetched page kept gzip-compressed under a content-addressed path, with its SHA-256,
URL, capture time, HTTP status and headers; bundles an inspector can hand over, and their verification.

Layout::

    EVIDENCE/objects/ab/abcdef….gz            the raw body (bytes as received), gzip
    EVIDENCE/objects/ab/abcdef….captures.jsonl one line per capture of that body (url, time, status, headers)

The SHA-256 is of the raw body, not of the gzip file, so it can be recomputed from the page itself.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import io
import json
import logging
import os
import secrets
import stat
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from common.errors import EvidenceError, EvidenceTamperedError, NotFoundError

BUNDLE_FORMAT = "lantoa-evidence-bundle/1"
SIGNATURE_FORMAT = "lantoa-evidence-signature/1"
SIGNATURE_FILE = "manifest.sig"
# the deployment's bundle-signing key: the key itself in the environment, or a file only its owner can read
KEY_ENV = "LANTOA_EVIDENCE_KEY"
KEY_FILE_ENV = "LANTOA_EVIDENCE_KEY_FILE"
KEY_FILE_NAME = "signing.key"  # beside the store's objects when neither variable is set
MIN_KEY_BYTES = 32
# the reason a crawl stops with (and pages it could not keep are recorded with) when the store cannot write
EVIDENCE_UNAVAILABLE = "evidence_store_unavailable"

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Capture:
    capture_id: str
    sha256: str
    url: str
    final_url: str
    status: int
    captured_at: str
    size: int
    headers: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        (self.root / "objects").mkdir(parents=True, exist_ok=True)

    def _base(self, sha: str) -> Path:
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise EvidenceError(f"not a SHA-256: {sha!r}")
        return self.root / "objects" / sha[:2] / sha

    def blob_path(self, sha: str) -> Path:
        return self._base(sha).with_suffix(".gz")

    def store(self, body: bytes, *, url: str, final_url: str | None = None, status: int = 200,
              headers: dict[str, str] | None = None, captured_at: datetime | None = None) -> Capture:
        """Store one capture; the body is written once however often it is captured."""
        sha = sha256_hex(body)
        when = (captured_at or datetime.now(UTC)).isoformat()
        cap_id = hashlib.sha256(f"{sha}|{url}|{when}".encode()).hexdigest()[:24]
        cap = Capture(capture_id=cap_id, sha256=sha, url=url, final_url=final_url or url, status=status,
                      captured_at=when, size=len(body), headers=dict(headers or {}))
        blob = self.blob_path(sha)
        created = False
        try:
            blob.parent.mkdir(parents=True, exist_ok=True)
            if not blob.exists():
                self._write_blob(blob, body)
                created = True
            self._append_capture(self._base(sha).with_suffix(".captures.jsonl"),
                                 (json.dumps(cap.to_dict(), ensure_ascii=False, sort_keys=True) + "\n").encode())
        except OSError as e:
            if created:  # a body without its capture record is no evidence: give its space back
                blob.unlink(missing_ok=True)
            raise EvidenceError(f"cannot store evidence for {url}: {e}") from e
        return cap

    @staticmethod
    def _write_blob(blob: Path, body: bytes) -> None:
        """gzip to a temporary file, then rename: readers never see a partial blob, and a failed write
        (a full disk) leaves nothing behind, its temporary file being what the next capture needs."""
        fd, tmp = tempfile.mkstemp(dir=blob.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                with gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=6, mtime=0) as gz:
                    gz.write(body)
            # no fsync per page (it costs seconds on a busy disk); the SHA-256 detects a torn write
            os.replace(tmp, blob)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @staticmethod
    def _append_capture(path: Path, line: bytes) -> None:
        """Append one whole line or nothing: a write cut short (a full disk) is truncated away, and a torn
        last line left by an earlier crash is cut off before appending (else the new line would be glued
        onto it and both lost)."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size:
                data = path.read_bytes()
                if not data.endswith(b"\n"):
                    keep = data.rfind(b"\n") + 1
                    log.warning("%s: dropping a torn last capture line (%d bytes) before appending",
                                path, size - keep)
                    os.ftruncate(fd, keep)
                    size = keep
            done = 0
            try:
                while done < len(line):
                    done += os.write(fd, line[done:])
            except OSError:
                os.ftruncate(fd, size)  # frees space, so it works on a full disk too
                raise
        finally:
            os.close(fd)

    def read(self, sha: str, *, verify: bool = True) -> bytes:
        blob = self.blob_path(sha)
        if not blob.exists():
            raise NotFoundError(f"no evidence with SHA-256 {sha}")
        try:
            data = gzip.decompress(blob.read_bytes())
        except (OSError, EOFError) as e:
            raise EvidenceTamperedError(f"evidence {sha} is not a readable gzip file: {e}") from e
        if verify and sha256_hex(data) != sha:
            raise EvidenceTamperedError(f"evidence {sha} does not match its SHA-256 (content changed)")
        return data

    def captures(self, sha: str) -> list[Capture]:
        path = self._base(sha).with_suffix(".captures.jsonl")
        if not path.exists():
            return []
        out = []
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                out.append(Capture(**json.loads(line)))
            except (ValueError, TypeError) as e:
                # a torn last line (a crash or full disk mid-append) or a damaged one: the other records stay
                where = "torn last line" if n == len(lines) else f"unreadable line {n}"
                log.warning("%s: %s skipped (%s)", path, where, e)
        return out

    def capture(self, sha: str, capture_id: str | None = None) -> Capture:
        caps = self.captures(sha)
        if not caps:
            raise NotFoundError(f"no capture recorded for {sha}")
        if capture_id:
            for c in caps:
                if c.capture_id == capture_id:
                    return c
            raise NotFoundError(f"no capture {capture_id} for {sha}")
        return caps[0]


def _read_key_file(path: Path) -> bytes:
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise EvidenceError(f"khóa ký gói chứng cứ {path} phải chỉ chủ sở hữu đọc được (chmod 600), "
                            f"hiện là {stat.filemode(mode)}")
    key = path.read_bytes().strip()
    if len(key) < MIN_KEY_BYTES:
        raise EvidenceError(f"khóa ký gói chứng cứ {path} quá ngắn (cần ít nhất {MIN_KEY_BYTES} byte)")
    return key


def bundle_key(root: Path | None = None, *, create: bool = False) -> bytes | None:
    """The deployment's key for signing bundles (HMAC-SHA256): ``LANTOA_EVIDENCE_KEY`` (the key itself), else the
    file named by ``LANTOA_EVIDENCE_KEY_FILE``, else ``ROOT/signing.key`` of the evidence store. A key file must be
    readable by its owner only (0600). ``create`` makes a random key in ``ROOT/signing.key`` (0600) when none is
    configured; otherwise ``None`` means no key."""
    env = os.environ.get(KEY_ENV, "").strip()
    if env:
        if len(env.encode()) < MIN_KEY_BYTES:
            raise EvidenceError(f"{KEY_ENV} quá ngắn (cần ít nhất {MIN_KEY_BYTES} byte)")
        return env.encode()
    named = os.environ.get(KEY_FILE_ENV, "").strip()
    if named:
        path = Path(named)
        if not path.exists():
            raise EvidenceError(f"{KEY_FILE_ENV} trỏ tới {path}, tệp không tồn tại")
        return _read_key_file(path)
    if root is None:
        return None
    path = Path(root) / KEY_FILE_NAME
    if path.exists():
        return _read_key_file(path)
    if not create:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made meanwhile by another process
        return _read_key_file(path)
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_hex(32).encode() + b"\n")
    return _read_key_file(path)


def key_id(key: bytes) -> str:
    """A name for a key that does not reveal it (the first 16 hex digits of its SHA-256)."""
    return sha256_hex(b"lantoa-evidence-key|" + key)[:16]


def sign_manifest(manifest_raw: bytes, key: bytes) -> bytes:
    sig = hmac.new(key, manifest_raw, hashlib.sha256).hexdigest()
    return json.dumps({"format": SIGNATURE_FORMAT, "alg": "HMAC-SHA256", "key_id": key_id(key), "signed": "manifest.json",
                       "signature": sig}, indent=2, sort_keys=True).encode()


def export_bundle(store: EvidenceStore, *, article: dict, copies: list[dict], out: Path,
                  key: bytes | None = None) -> Path:
    """Write a zip bundle: the page(s) as captured, capture metadata, the chain of copies and a manifest
    with the SHA-256 of every file. ``article``: {id, url, title, evidence_sha256, capture_id, published_at,
    detected_at}; ``copies``: [{id, url, evidence_sha256, capture_id, similarity, direction}]. The manifest is
    signed (``manifest.sig``, HMAC-SHA256) with ``key``, by default the deployment's :func:`bundle_key`."""
    files: dict[str, bytes] = {}
    items = [dict(article, role="article")] + [dict(c, role="copy") for c in copies]
    for it in items:
        sha = it.get("evidence_sha256")
        if not sha:
            continue
        body = store.read(sha)
        cap = store.capture(sha, it.get("capture_id"))
        files[f"pages/{sha}.html"] = body
        files[f"pages/{sha}.capture.json"] = json.dumps(cap.to_dict(), ensure_ascii=False, indent=2,
                                                         sort_keys=True).encode()
    if not files:
        raise NotFoundError(f"article {article.get('id')} has no stored capture")
    record = {"format": BUNDLE_FORMAT, "exported_at": datetime.now(UTC).isoformat(), "article": article,
              "copies": copies}
    files["record.json"] = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True).encode()
    manifest = {"format": BUNDLE_FORMAT, "files": {name: sha256_hex(data) for name, data in sorted(files.items())}}
    files["manifest.json"] = json.dumps(manifest, indent=2, sort_keys=True).encode()
    files["manifest.sha256"] = (sha256_hex(files["manifest.json"]) + "  manifest.json\n").encode()
    key = key if key is not None else bundle_key(store.root, create=True)
    files[SIGNATURE_FILE] = sign_manifest(files["manifest.json"], key)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return out


@dataclass(slots=True)
class VerifyReport:
    ok: bool
    checked: int
    problems: list[str]
    article_id: str | None = None


def verify_bundle(path: Path, *, store: EvidenceStore | None = None, key: bytes | None = None) -> VerifyReport:
    """Check every file against the manifest, the manifest against its hash, and every page against the
    SHA-256 its capture records; then, when a key is known (``key``, ``LANTOA_EVIDENCE_KEY[_FILE]``, or the key of
    ``store``), the manifest's signature, and with ``store`` every page and capture record against the store's
    own (a bundle with back-dated capture times and recomputed hashes is refused). Never raises for a tampered
    bundle: the report says what is wrong."""
    problems: list[str] = []
    checked = 0
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        return VerifyReport(False, 0, [f"not a readable bundle: {e}"])
    if key is None:
        key = bundle_key(store.root if store is not None else None)
    with zf:
        names = set(zf.namelist())
        if "manifest.json" not in names:
            return VerifyReport(False, 0, ["manifest.json is missing"])
        manifest_raw = zf.read("manifest.json")
        if "manifest.sha256" in names:
            want = zf.read("manifest.sha256").decode().split()[0]
            if want != sha256_hex(manifest_raw):
                problems.append("manifest.json does not match manifest.sha256")
        if key is not None:
            problems += _signature_problems(zf, names, manifest_raw, key)
        manifest = json.loads(manifest_raw)
        for name, want in manifest.get("files", {}).items():
            if name not in names:
                problems.append(f"{name} is listed but missing")
                continue
            data = zf.read(name)
            checked += 1
            if sha256_hex(data) != want:
                problems.append(f"{name} was modified (SHA-256 differs from the manifest)")
            if name.endswith(".html"):
                sha = name.rsplit("/", 1)[-1][: -len(".html")]
                if sha256_hex(data) != sha:
                    problems.append(f"{name}: page bytes do not hash to the recorded SHA-256")
        extra = names - set(manifest.get("files", {})) - {"manifest.json", "manifest.sha256", SIGNATURE_FILE}
        for name in sorted(extra):
            problems.append(f"{name} is not in the manifest")
        article_id = None
        if "record.json" in names:
            article_id = json.loads(zf.read("record.json")).get("article", {}).get("id")
        if store is not None:
            problems += _store_problems(zf, names, store)
    return VerifyReport(not problems, checked, problems, article_id)


def _signature_problems(zf: zipfile.ZipFile, names: set[str], manifest_raw: bytes, key: bytes) -> list[str]:
    if SIGNATURE_FILE not in names:
        return ["the bundle is not signed (manifest.sig is missing): it was not exported by this deployment"]
    try:
        sig = json.loads(zf.read(SIGNATURE_FILE))
        given = str(sig["signature"])
    except (ValueError, KeyError, TypeError):
        return ["manifest.sig is unreadable"]
    if sig.get("key_id") != key_id(key):
        return [f"the bundle is signed with another key ({sig.get('key_id')}), not this deployment's ({key_id(key)})"]
    want = hmac.new(key, manifest_raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given, want):
        return ["the signature does not match the manifest (the bundle was changed after it was exported)"]
    return []


def same_value(a: object, b: object) -> bool:
    """Equal, reading two ISO 8601 times as instants ("…T08:00+07:00" is "…T01:00:00Z")."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        try:
            return datetime.fromisoformat(a.replace("Z", "+00:00")) == datetime.fromisoformat(b.replace("Z", "+00:00"))
        except ValueError:
            return False
    return False


_COMPARED = ("sha256", "url", "final_url", "status", "captured_at", "size")


def _store_problems(zf: zipfile.ZipFile, names: set[str], store: EvidenceStore) -> list[str]:
    """Every page of the bundle is held by ``store`` with the same bytes, and its capture record is one of the
    store's (same capture time, URL, status, size)."""
    problems: list[str] = []
    for name in sorted(n for n in names if n.startswith("pages/") and n.endswith(".capture.json")):
        sha = name.rsplit("/", 1)[-1][: -len(".capture.json")]
        try:
            cap = json.loads(zf.read(name))
        except ValueError:
            problems.append(f"{name} is unreadable")
            continue
        try:
            held = store.read(sha)
        except NotFoundError:
            problems.append(f"page {sha} is not in this evidence store")
            continue
        except (EvidenceTamperedError, EvidenceError) as e:
            problems.append(f"page {sha}: the store's copy is damaged ({e})")
            continue
        page = f"pages/{sha}.html"
        if page in names and sha256_hex(zf.read(page)) != sha256_hex(held):
            problems.append(f"{page} differs from the page held in the evidence store")
        records = {c.capture_id: c.to_dict() for c in store.captures(sha)}
        mine = records.get(str(cap.get("capture_id")))
        if mine is None:
            problems.append(f"{name}: capture {cap.get('capture_id')} is not recorded in the evidence store")
            continue
        for k in _COMPARED:
            if not same_value(cap.get(k), mine.get(k)):
                problems.append(f"{name}: {k} is {cap.get(k)!r} in the bundle but {mine.get(k)!r} in the store")
    return problems


def gzip_bytes(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        gz.write(data)
    return buf.getvalue()
