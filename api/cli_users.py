"""``lantoa users …``: manage users, API keys and check the audit chain (thin wrappers over api.auth)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.auth import ALL_ROLES, UserStore, ensure_auth_schema, verify_audit_chain, write_audit_event
from common.errors import LantoaError

console = Console(stderr=True)
app = typer.Typer(help="Người dùng, khoá API và nhật ký kiểm toán.", no_args_is_help=True)


@contextmanager
def _store() -> Iterator[tuple[UserStore, object, str]]:
    from graph.driver import open_driver, resolve_connection

    driver = open_driver()
    database = resolve_connection()[2]
    try:
        ensure_auth_schema(driver, database=database)
        yield UserStore(driver, database=database), driver, database
    finally:
        driver.close()


def _fail(e: Exception) -> typer.Exit:
    console.print(f"[red]Lỗi:[/red] {e}")
    return typer.Exit(code=2)


@app.command("add")
def add(
    username: str,
    role: Annotated[list[str], typer.Option("--role", "-r", help=f"one of {', '.join(ALL_ROLES)}; repeatable")],
    name: Annotated[str | None, typer.Option(help="display name")] = None,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True,
                                          envvar="LANTOA_NEW_USER_PASSWORD")] = "",
) -> None:
    """Create (or reset) a user with an argon2-hashed password."""
    try:
        with _store() as (store, _, _):
            user = store.add_user(username, password, role, name=name)
    except LantoaError as e:
        raise _fail(e) from e
    console.print(f"Đã lưu người dùng [bold]{user['id']}[/bold] với vai trò {', '.join(user['roles'])}.")


@app.command("list")
def list_users() -> None:
    """List users (no secrets)."""
    try:
        with _store() as (store, _, _):
            users = store.list_users()
    except LantoaError as e:
        raise _fail(e) from e
    table = Table("id", "name", "roles", "disabled", "created_at")
    for u in users:
        table.add_row(u["id"], u["name"] or "", ", ".join(u["roles"] or []), str(u["disabled"]), u["created_at"] or "")
    Console().print(table)


@app.command("disable")
def disable(username: str, enable: Annotated[bool, typer.Option("--enable", help="re-enable instead")] = False) -> None:
    """Disable (or re-enable) a user: every token and session of theirs ends (within a second in running API
    processes); while disabled their API keys stop working too."""
    try:
        with _store() as (store, driver, database):
            store.set_disabled(username, not enable)
            _audit(driver, database, "user.enable" if enable else "user.disable", f"user:{username}")
    except LantoaError as e:
        raise _fail(e) from e
    console.print(("Đã bật lại " if enable else "Đã khoá ") + username + " (mọi phiên đăng nhập cũ đã kết thúc)")


@app.command("logout")
def logout(username: str) -> None:
    """Sign a user out everywhere: every token and session of theirs ends."""
    try:
        with _store() as (store, driver, database):
            store.revoke_sessions(username)
            _audit(driver, database, "user.logout", f"user:{username}")
    except LantoaError as e:
        raise _fail(e) from e
    console.print(f"Đã đăng xuất {username} khỏi mọi nơi.")


@app.command("password")
def password(
    username: str,
    new_password: Annotated[str, typer.Option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
                                              envvar="LANTOA_NEW_USER_PASSWORD")] = "",
) -> None:
    """Reset a user's password (argon2id); every token and session of theirs ends."""
    try:
        with _store() as (store, driver, database):
            store.set_password(username, new_password)
            _audit(driver, database, "user.password_reset", f"user:{username}")
    except LantoaError as e:
        raise _fail(e) from e
    console.print(f"Đã đặt lại mật khẩu của {username}; mọi phiên đăng nhập cũ đã kết thúc.")


@app.command("key-disable")
def key_disable(key_id: str,
                enable: Annotated[bool, typer.Option("--enable", help="re-enable instead")] = False) -> None:
    """Disable (or re-enable) one API key by its id (the part after ``ltk_`` and before the dot)."""
    try:
        with _store() as (store, driver, database):
            store.set_api_key_disabled(key_id, not enable)
            _audit(driver, database, "api_key.enable" if enable else "api_key.disable", f"api_key:{key_id}")
    except LantoaError as e:
        raise _fail(e) from e
    console.print(("Đã bật lại khoá " if enable else "Đã vô hiệu hoá khoá ") + key_id)


def _audit(driver: object, database: str, action: str, target: str) -> None:
    import getpass

    write_audit_event(driver, database=database, actor=f"cli:{getpass.getuser()}", roles=["admin"],  # type: ignore[arg-type]
                      action=action, target=target)


@app.command("key")
def add_key(
    owner: str,
    name: Annotated[str, typer.Option(help="what the key is for")],
    role: Annotated[list[str], typer.Option("--role", "-r")],
) -> None:
    """Create an integration API key; prints it once (only its SHA-256 is stored)."""
    try:
        with _store() as (store, _, _):
            key_id, full = store.add_api_key(owner, name, role)
    except LantoaError as e:
        raise _fail(e) from e
    console.print(f"Khoá {key_id} (chỉ hiện một lần):")
    print(full)


@app.command("audit-verify")
def audit_verify() -> None:
    """Recompute the audit log's hash chain; exit 1 if any event was edited or removed."""
    try:
        with _store() as (_, driver, database):
            report = verify_audit_chain(driver, database=database)
    except LantoaError as e:
        raise _fail(e) from e
    console.print(f"{report.events} sự kiện, đầu chuỗi {report.head[:16]}…")
    for p in report.problems:
        console.print(f"[red]{p}[/red]")
    if not report.ok:
        raise typer.Exit(code=1)
    console.print("[green]Chuỗi kiểm toán nguyên vẹn.[/green]")
