"""Personal-data protection: the retention policy, a data subject's export and erasure, and the
data-processing record (Decree 13/2023/NĐ-CP; Law on Personal Data Protection No. 91/2025/QH15).

Personal data in the graph: social ``Account`` nodes of private persons and their ``Post`` nodes, citizens'
``Feedback`` and its separate ``FeedbackContact`` (name, e-mail, phone); and evidence: ``Capture`` nodes with the
captured pages in the evidence store (``<evidence>/objects/<sha[:2]>/<sha>.gz`` and its ``.captures.jsonl``, the
layout of ``etl/evidence.py``). Outlet-owned (institutional) accounts are not a private person's data and are not
deleted by the policy. Anything an open ``Case`` concerns is held (legal hold) until the case is closed, and so is
the evidence of it: a capture the case lists, or the capture of an item it concerns.

Evidence goes in two steps: the ``Capture`` nodes past the cut-off, then a sweep of the store that deletes each
file whose SHA-256 nothing in the graph needs any more (no capture left, no article pointing at it, no hold) and
whose newest capture is past the cut-off. The sweep is computed from the store, so a run stopped between the two
steps is finished by the next one. Clients' ``Idempotency-Key`` records are pruned too (housekeeping).

The retention clock is *when we collected* an item (``observed_at``), not the date the source claims
(``created_at``): a post with a skewed or future timestamp still expires on time.

Every function here takes a driver and returns plain values; the CLI (``api/cli_ops.py``) records each run in
the hash-chained audit log.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import neo4j

from common.errors import ValidationError
from graph.repository import GraphReader, GraphWriter
from graph.settings import get_path_settings
from operations.settings import OpsSettings, get_ops_settings

RULES = ("posts", "accounts", "feedback_contacts", "feedback", "captures", "idempotency_keys")
EVIDENCE_RULES = ("captures", "evidence_files")


@dataclass(slots=True)
class RetentionPolicy:
    post_days: int
    account_days: int
    feedback_contact_days: int
    feedback_days: int
    evidence_days: int = 0
    idempotency_key_days: int = 0

    @classmethod
    def from_settings(cls, s: OpsSettings | None = None) -> RetentionPolicy:
        s = s or get_ops_settings()
        return cls(s.retention_post_days, s.retention_account_days, s.retention_feedback_contact_days,
                   s.retention_feedback_days, s.retention_evidence_days, s.retention_idempotency_key_days)

    def cutoffs(self, now: datetime) -> dict[str, str | None]:
        """ISO cut-off per rule (None: the rule is off). ``now`` must be timezone-aware.

        >>> RetentionPolicy(30, 0, 1, 1).cutoffs(datetime(2025, 7, 31, tzinfo=UTC))["posts"]
        '2025-07-01T00:00:00+00:00'
        """
        if now.tzinfo is None:
            raise ValidationError("the retention clock needs a timezone-aware time")
        days = {"posts": self.post_days, "accounts": self.account_days,
                "feedback_contacts": self.feedback_contact_days, "feedback": self.feedback_days,
                "captures": self.evidence_days, "idempotency_keys": self.idempotency_key_days}
        return {k: (now - timedelta(days=d)).isoformat() if d > 0 else None for k, d in days.items()}


@dataclass(slots=True)
class RetentionResult:
    at: str
    dry_run: bool
    cutoffs: dict[str, str | None]
    deleted: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_STATEMENTS = {"posts": "admin/retention_posts", "accounts": "admin/retention_accounts",
               "feedback_contacts": "admin/retention_feedback_contacts", "feedback": "admin/retention_feedback",
               "captures": "admin/retention_captures", "idempotency_keys": "admin/retention_idempotency_keys"}
_SHA = re.compile(r"^[0-9a-f]{64}$")
_FAR_PAST = "0001-01-01T00:00:00+00:00"


def _write_count(writer: GraphWriter, name: str, params: dict[str, Any]) -> int:
    """Run one retention batch (its own transaction; a retry deletes what is still there) and count it."""
    rows = writer.run(name, params)
    return int(rows[0]["deleted"]) if rows else 0


def run_retention(
    driver: neo4j.Driver,
    *,
    policy: RetentionPolicy | None = None,
    now: datetime | None = None,
    database: str = "neo4j",
    dry_run: bool = False,
    batch: int = 5000,
    evidence_dir: Path | None = None,
) -> RetentionResult:
    """Delete what the policy says has expired, in batches of ``batch`` (each its own transaction, so a large
    backlog never builds one huge transaction); posts before accounts, so accounts left without posts can go;
    captures, then the evidence files (``evidence_dir``, default the data directory's ``evidence``) nothing needs.
    ``dry_run`` only counts (``accounts`` then counts candidates, some of which may still have posts; captures
    and files are not counted)."""
    policy = policy or RetentionPolicy.from_settings()
    now = now or datetime.now(UTC)
    cut = policy.cutoffs(now)
    result = RetentionResult(at=now.isoformat(), dry_run=dry_run, cutoffs=cut)
    if dry_run:
        row = GraphReader(driver, database=database).read("admin/retention_preview", {
            "post_cutoff": cut["posts"] or _FAR_PAST, "account_cutoff": cut["accounts"] or _FAR_PAST,
            "contact_cutoff": cut["feedback_contacts"] or _FAR_PAST, "feedback_cutoff": cut["feedback"] or _FAR_PAST,
        })[0]
        result.deleted = {"posts": row["posts"], "accounts": row["accounts_candidates"],
                          "feedback_contacts": row["feedback_contacts"], "feedback": row["feedback"]}
        for k, v in cut.items():
            if v is None:
                result.deleted[k] = 0
        return result
    writer = GraphWriter(driver, database=database)
    for rule in RULES:
        total = 0
        if cut[rule] is not None:
            while True:
                n = _write_count(writer, _STATEMENTS[rule], {"cutoff": cut[rule], "limit": batch})
                total += n
                if n < batch:
                    break
        result.deleted[rule] = total
    result.deleted["evidence_files"] = 0
    if cut["captures"] is not None:
        root = evidence_dir if evidence_dir is not None else get_path_settings().evidence_dir
        result.deleted["evidence_files"] = sweep_evidence(driver, root, cutoff=cut["captures"], database=database,
                                                          batch=batch)
    return result


def _newest_capture(meta: Path, blob: Path) -> datetime:
    """When a blob was last captured: the newest ``captured_at`` of its capture records (the file's time when
    there is none readable)."""
    newest: datetime | None = None
    if meta.exists():
        for line in meta.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                at = datetime.fromisoformat(json.loads(line)["captured_at"])
            except (ValueError, KeyError, TypeError):
                continue
            at = at if at.tzinfo else at.replace(tzinfo=UTC)
            newest = at if newest is None or at > newest else newest
    return newest or datetime.fromtimestamp(blob.stat().st_mtime, UTC)


def expired_blobs(root: Path, cutoff: datetime) -> list[str]:
    """SHA-256s of the evidence files under ``root`` whose newest capture is before ``cutoff``."""
    out = []
    for blob in sorted((Path(root) / "objects").glob("??/*.gz")):
        sha = blob.name[:-3]
        if _SHA.match(sha) and blob.parent.name == sha[:2]:
            if _newest_capture(blob.with_name(sha + ".captures.jsonl"), blob) < cutoff:
                out.append(sha)
    return out


def sweep_evidence(driver: neo4j.Driver, root: Path, *, cutoff: str, database: str = "neo4j",
                   batch: int = 5000) -> int:
    """Delete the evidence files past ``cutoff`` that nothing in the graph needs (``admin/evidence_in_use``):
    the blob and its capture records. Returns how many blobs went."""
    if not (Path(root) / "objects").is_dir():
        return 0
    reader = GraphReader(driver, database=database)
    expired = expired_blobs(Path(root), datetime.fromisoformat(cutoff))
    deleted = 0
    for i in range(0, len(expired), batch):
        shas = expired[i:i + batch]
        in_use = set(reader.read("admin/evidence_in_use", {"shas": shas, "cutoff": cutoff})[0]["in_use"])
        for sha in shas:
            if sha in in_use:
                continue
            base = Path(root) / "objects" / sha[:2] / sha
            base.with_suffix(".gz").unlink(missing_ok=True)
            base.with_suffix(".captures.jsonl").unlink(missing_ok=True)
            deleted += 1
    return deleted


# ---------------------------------------------------------------------------------------------------------
# data subjects
# ---------------------------------------------------------------------------------------------------------
_ACCOUNT_RE = re.compile(r"^[a-z0-9_.-]+:[^\s:]+$")


@dataclass(slots=True)
class Subject:
    """One data subject, identified by any of their social accounts, e-mails and phone numbers."""

    account_ids: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, accounts: Iterable[str] = (), emails: Iterable[str] = (), phones: Iterable[str] = ()) -> Subject:
        """Normalise identifiers (accounts as ``platform:handle``, e-mails lower-case, phones as digits in both
        the ``0…`` and ``84…`` forms).

        >>> Subject.of(phones=["+84 912.345.678"]).phones
        ['0912345678', '84912345678']
        """
        accs = []
        for a in accounts:
            a = unicodedata.normalize("NFC", a.strip())
            if not _ACCOUNT_RE.match(a):
                raise ValidationError(f"an account is written platform:handle, not {a!r}")
            accs.append(a)
        mails = []
        for e in emails:
            e = e.strip().lower()
            if "@" not in e or len(e) > 320:
                raise ValidationError(f"not an e-mail address: {e!r}")
            mails.append(e)
        nums: list[str] = []
        for p in phones:
            digits = re.sub(r"\D", "", p)
            if len(digits) < 8:
                raise ValidationError(f"not a phone number: {p!r}")
            if digits.startswith("84"):
                nums += ["0" + digits[2:], digits]
            elif digits.startswith("0"):
                nums += [digits, "84" + digits[1:]]
            else:
                nums.append(digits)
        subject = cls(sorted(set(accs)), sorted(set(mails)), sorted(set(nums)))
        if not (subject.account_ids or subject.emails or subject.phones):
            raise ValidationError("name the data subject by at least one account, e-mail or phone")
        return subject

    def params(self) -> dict[str, list[str]]:
        return {"account_ids": self.account_ids, "emails": self.emails, "phones": self.phones}


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if hasattr(v, "iso_format"):
        return v.iso_format()
    return v


def export_subject(driver: neo4j.Driver, subject: Subject, *, database: str = "neo4j") -> dict[str, Any]:
    """Everything the graph holds about one data subject, as JSON-ready data."""
    reader = GraphReader(driver, database=database)
    accounts = reader.read("admin/privacy_export_accounts", {"account_ids": subject.account_ids})
    posts = reader.read("admin/privacy_export_posts", {"account_ids": subject.account_ids})
    feedback = reader.read("admin/privacy_export_feedback", {"emails": subject.emails, "phones": subject.phones})
    for p in posts:
        p["links"] = [x for x in p["links"] if x.get("rel")]
    return _plain({
        "format": "lantoa-subject-export/1",
        "exported_at": datetime.now(UTC).isoformat(),
        "subject": asdict(subject),
        "accounts": accounts,
        "posts": posts,
        "feedback": feedback,
        "counts": {"accounts": len(accounts), "posts": len(posts), "feedback": len(feedback)},
    })


def write_subject_export(data: dict[str, Any], out: Path) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
    tmp.replace(out)
    return out


@dataclass(slots=True)
class ErasureResult:
    posts: int
    feedback: int
    accounts: int
    held_by_open_cases: list[str]


def erase_subject(driver: neo4j.Driver, subject: Subject, *, database: str = "neo4j") -> ErasureResult:
    """Delete one data subject's accounts, posts and the feedback they sent (with contacts), in one transaction.
    What an open Case concerns is kept and listed in ``held_by_open_cases``."""
    row = GraphWriter(driver, database=database).run("admin/privacy_delete_subject", subject.params())[0]
    return ErasureResult(int(row["posts"]), int(row["feedback"]), int(row["accounts"]),
                         sorted(x for x in row["held_by_open_cases"] if x))
