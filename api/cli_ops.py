"""Operations commands, mounted at the top level of ``lantoa``: ``backup``, ``restore``, ``verify-backup``,
``retention run|preview``, ``privacy export|delete``, ``processing-record``. Thin wrappers over
``operations.backup``, ``operations.retention`` and ``operations.processing_record``; every run that deletes or exports
personal data, and every restore, is written to the hash-chained audit log (``api.auth``)."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn

from common.errors import LantoaError

console = Console(stderr=True)
app = typer.Typer(help="Sao lưu, khôi phục, lưu trữ và bảo vệ dữ liệu cá nhân.", no_args_is_help=True)
retention_app = typer.Typer(help="Chính sách lưu trữ dữ liệu cá nhân.", no_args_is_help=True)
privacy_app = typer.Typer(help="Yêu cầu của chủ thể dữ liệu: xuất và xoá.", no_args_is_help=True)
app.add_typer(retention_app, name="retention")
app.add_typer(privacy_app, name="privacy")


@contextmanager
def _driver() -> Iterator[tuple[Any, str]]:
    from graph.driver import open_driver, resolve_connection

    driver = open_driver()
    try:
        yield driver, resolve_connection()[2]
    finally:
        driver.close()


def _fail(e: Exception) -> typer.Exit:
    console.print(f"[red]Lỗi:[/red] {e}")
    return typer.Exit(code=2)


def _audit(driver: Any, database: str, action: str, target: str, detail: dict[str, Any]) -> None:
    from api.auth import write_audit_event

    write_audit_event(driver, database=database, actor=f"cli:{getpass.getuser()}", roles=["operator"],
                      action=action, target=target, detail=detail)


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}: {task.completed:,.0f}"), console=console)


def _local_server():
    from graph.server_manager import LocalNeo4j
    from graph.settings import get_neo4j_settings

    if get_neo4j_settings().external:
        raise typer.BadParameter("--mode dump works only with the local server (NEO4J_URI is set)")
    return LocalNeo4j()


@app.command("backup")
def backup(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="archive path (default: backup dir, timestamped)")] = None,
    mode: Annotated[str, typer.Option(help="export (online, any server) or dump (local server, stopped meanwhile)")]
    = "export",
    evidence: Annotated[bool, typer.Option(help="include the evidence store")] = True,
) -> None:
    """Back up the graph and the evidence store into one archive with a SHA-256 manifest."""
    from graph.settings import get_path_settings
    from operations.backup import create_backup, create_dump_backup
    from operations.settings import get_ops_settings

    ops = get_ops_settings()
    ev_dir = get_path_settings().evidence_dir if evidence else None
    out = out or ops.resolved_backup_dir() / f"lantoa-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{mode}.tar"
    try:
        if mode == "dump":
            res = create_dump_backup(_local_server(), out, evidence_dir=ev_dir, key=ops.key_bytes())
        elif mode == "export":
            with _driver() as (driver, database), _progress() as prog:
                tasks = {k: prog.add_task(k, total=None) for k in ("nodes", "relationships")}
                res = create_backup(driver, out, database=database, evidence_dir=ev_dir, key=ops.key_bytes(),
                                    progress=lambda kind, n: prog.advance(tasks[kind], n))
        else:
            raise typer.BadParameter("mode is export or dump")
    except LantoaError as e:
        raise _fail(e) from e
    m = res.manifest
    console.print(f"Đã sao lưu {m.counts['nodes']:,} nút, {m.counts['relationships']:,} quan hệ, "
                  f"{m.evidence_files:,} tệp chứng cứ vào {res.path}"
                  + (" (có chữ ký HMAC)" if ops.key_bytes() else ""))
    typer.echo(str(res.path))


@app.command("verify-backup")
def verify(path: Path) -> None:
    """Check an archive against its manifest (and HMAC when a key is configured) without restoring it."""
    from operations.backup import verify_backup
    from operations.settings import get_ops_settings

    rep = verify_backup(path, key=get_ops_settings().key_bytes())
    if not rep.ok:
        for p in rep.problems:
            console.print(f"[red]✗[/red] {p}")
        raise typer.Exit(code=1)
    console.print(f"Bản sao lưu hợp lệ: {rep.checked} tệp khớp bảng SHA-256" + (", chữ ký HMAC đúng" if rep.signed else ""))


@app.command("restore")
def restore(
    path: Path,
    replace: Annotated[bool, typer.Option(help="wipe a non-empty database and move the evidence store aside")] = False,
    evidence: Annotated[bool, typer.Option(help="restore the evidence store too")] = True,
) -> None:
    """Verify an archive and restore it; a tampered or damaged archive is refused before anything changes."""
    from graph.settings import get_path_settings
    from operations.backup import restore_backup, verify_backup
    from operations.settings import get_ops_settings

    key = get_ops_settings().key_bytes()
    ev_dir = get_path_settings().evidence_dir if evidence else None
    try:
        rep = verify_backup(path, key=key)
        if not rep.ok:
            raise _fail(LantoaError("bản sao lưu bị từ chối: " + "; ".join(rep.problems[:5])))
        if rep.manifest and rep.manifest.mode == "dump":
            res = restore_backup(None, path, server=_local_server(), evidence_dir=ev_dir, key=key, replace=replace)
            with _driver() as (driver, database):
                _audit(driver, database, "backup.restore", str(path), {"nodes": res.nodes, "mode": "dump"})
        else:
            with _driver() as (driver, database), _progress() as prog:
                tasks = {k: prog.add_task(k, total=None) for k in ("nodes", "relationships")}
                res = restore_backup(driver, path, database=database, evidence_dir=ev_dir, key=key, replace=replace,
                                     progress=lambda kind, n: prog.advance(tasks[kind], n))
                _audit(driver, database, "backup.restore", str(path),
                       {"nodes": res.nodes, "relationships": res.relationships, "evidence_files": res.evidence_files})
    except LantoaError as e:
        raise _fail(e) from e
    console.print(f"Đã khôi phục {res.nodes:,} nút, {res.relationships:,} quan hệ, {res.evidence_files:,} tệp chứng cứ.")
    if res.previous_evidence:
        console.print(f"Kho chứng cứ cũ được giữ tại {res.previous_evidence}")
    if res.missing_schema:
        console.print(f"[yellow]Thiếu ràng buộc/chỉ mục so với bản sao lưu:[/yellow] {', '.join(res.missing_schema)}")


@retention_app.command("run")
def retention_run(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="only count what would be deleted")] = False,
) -> None:
    """Delete personal data and evidence older than the configured retention periods (LANTOA_OPS_RETENTION_*_DAYS);
    an open case keeps what it concerns. The daily job of `lantoa schedule` runs it."""
    from operations.retention import run_retention

    try:
        with _driver() as (driver, database):
            res = run_retention(driver, database=database, dry_run=dry_run)
            if not dry_run:
                _audit(driver, database, "retention.run", "personal-data", res.to_dict())
    except LantoaError as e:
        raise _fail(e) from e
    labels = {"posts": "bài đăng", "accounts": "tài khoản", "feedback_contacts": "thông tin liên hệ",
              "feedback": "phản ánh", "captures": "bản chụp chứng cứ", "evidence_files": "tệp chứng cứ"}
    verb = "Sẽ xoá" if dry_run else "Đã xoá"
    console.print(verb + ": " + ", ".join(f"{res.deleted.get(k, 0):,} {v}" for k, v in labels.items()))
    typer.echo(json.dumps(res.to_dict(), ensure_ascii=False))


def _subject(account: list[str] | None, email: list[str] | None, phone: list[str] | None):
    from operations.retention import Subject

    return Subject.of(account or [], email or [], phone or [])


AccountOpt = Annotated[list[str] | None, typer.Option("--account", "-a", help="platform:handle; repeatable")]
EmailOpt = Annotated[list[str] | None, typer.Option("--email", help="repeatable")]
PhoneOpt = Annotated[list[str] | None, typer.Option("--phone", help="repeatable")]


@privacy_app.command("export")
def privacy_export(
    out: Annotated[Path, typer.Option("--out", "-o")],
    account: AccountOpt = None, email: EmailOpt = None, phone: PhoneOpt = None,
) -> None:
    """Export everything held about one person (accounts, posts, feedback they sent) as JSON."""
    from operations.retention import export_subject, write_subject_export

    try:
        subject = _subject(account, email, phone)
        with _driver() as (driver, database):
            data = export_subject(driver, subject, database=database)
            write_subject_export(data, out)
            _audit(driver, database, "privacy.export", ",".join(subject.account_ids + subject.emails) or "phone",
                   {"counts": data["counts"], "out": str(out)})
    except LantoaError as e:
        raise _fail(e) from e
    c = data["counts"]
    console.print(f"Đã xuất {c['accounts']} tài khoản, {c['posts']} bài đăng, {c['feedback']} phản ánh vào {out}")


@privacy_app.command("delete")
def privacy_delete(
    account: AccountOpt = None, email: EmailOpt = None, phone: PhoneOpt = None,
    yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")] = False,
) -> None:
    """Erase one person's accounts, posts and the feedback they sent (an open Case keeps what it concerns)."""
    from operations.retention import erase_subject

    try:
        subject = _subject(account, email, phone)
        if not yes:
            typer.confirm(f"Xoá vĩnh viễn dữ liệu của {subject.account_ids + subject.emails + subject.phones}?",
                          abort=True)
        with _driver() as (driver, database):
            res = erase_subject(driver, subject, database=database)
            _audit(driver, database, "privacy.delete", ",".join(subject.account_ids + subject.emails) or "phone",
                   {"posts": res.posts, "feedback": res.feedback, "accounts": res.accounts,
                    "held": res.held_by_open_cases})
    except LantoaError as e:
        raise _fail(e) from e
    console.print(f"Đã xoá {res.accounts} tài khoản, {res.posts} bài đăng, {res.feedback} phản ánh.")
    if res.held_by_open_cases:
        console.print(f"[yellow]Giữ lại do hồ sơ vụ việc đang mở:[/yellow] {', '.join(res.held_by_open_cases)}")


@app.command("processing-record")
def processing_record_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or html")] = "md",
    out: Annotated[Path | None, typer.Option("--out", "-o")] = None,
    counts: Annotated[bool, typer.Option(help="fill in live counts from the database")] = True,
) -> None:
    """Write the data-processing record (Vietnamese) the operator files under Decree 13/2023 and Law 91/2025."""
    from operations.processing_record import live_counts, processing_record

    live = None
    try:
        if counts:
            with _driver() as (driver, database):
                live = live_counts(driver, database=database)
        text = processing_record(fmt, counts=live)
    except (LantoaError, ValueError) as e:
        raise _fail(e) from e
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        console.print(f"Đã ghi hồ sơ xử lý dữ liệu cá nhân vào {out}")
    else:
        typer.echo(text)
