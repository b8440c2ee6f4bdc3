"""``lantoa units …``: the province's units as users of alerts (thin wrappers over casework.units and
casework.delivery)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from common.errors import LantoaError

console = Console(stderr=True)
app = typer.Typer(help="Đơn vị (sở, ngành, xã, phường): danh sách theo dõi, thành viên, chuyển và gửi cảnh báo.",
                  no_args_is_help=True)
member_app = typer.Typer(help="Thành viên của đơn vị.", no_args_is_help=True)
app.add_typer(member_app, name="member")
reporter_app = typer.Typer(help="Đại diện cơ quan báo chí (vai trò outlet_reporter): nộp và xem báo cáo của cơ quan mình.",
                           no_args_is_help=True)
app.add_typer(reporter_app, name="outlet-reporter")


def _fail(err: Exception) -> typer.Exit:
    console.print(f"[red]Lỗi:[/red] {err}")
    return typer.Exit(code=2)


def _database() -> str:
    from graph.driver import resolve_connection

    return resolve_connection()[2]


def _now(at: str | None) -> datetime:
    from casework.messages import LOCAL_TZ

    if not at:
        return datetime.now(LOCAL_TZ)
    t = datetime.fromisoformat(at)
    return t if t.tzinfo else t.replace(tzinfo=LOCAL_TZ)


def load_all(driver, *, database: str, contacts: Path | None = None) -> tuple[int, int]:
    """Load the places and agencies (with their PART_OF/BECAME links), then the units; idempotent."""
    from casework import units
    from etl.nlp_stage import load_reference_entities
    from graph.repository import GraphWriter, apply_schema

    apply_schema(driver, database=database)
    writer = GraphWriter(driver, database=database)
    load_reference_entities(writer)
    n = units.load_units(writer)
    c = units.set_contacts(writer, units.read_contacts_csv(contacts)) if contacts else 0
    return n, c


@app.command("load")
def load(contacts: Annotated[Path | None, typer.Option(
        help="CSV unit_id,email,webhook_url (unit_id: unit:…, a place id or an organisation id)")] = None) -> None:
    """Nạp các đơn vị: sở, ngành theo danh sách cơ quan và 148 xã, phường sau sắp xếp 2025 (chạy lại không
    tạo trùng)."""
    from graph.driver import driver_session

    try:
        with driver_session() as driver:
            n, c = load_all(driver, database=_database(), contacts=contacts)
    except LantoaError as e:
        raise _fail(e) from e
    console.print(f"Đã nạp {n} đơn vị" + (f", cập nhật liên hệ của {c} đơn vị." if contacts else "."))


@app.command("list")
def list_units(kind: Annotated[str, typer.Option(help="department | commune; trống: tất cả")] = "",
               as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Liệt kê các đơn vị, liên hệ, số thành viên và số cảnh báo đã chuyển."""
    from graph.driver import driver_session
    from graph.repository import GraphReader

    try:
        with driver_session() as driver:
            rows = GraphReader(driver, database=_database()).read("read/units_list", {"kind": kind})
    except LantoaError as e:
        raise _fail(e) from e
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    table = Table("id", "tên", "loại", "email", "webhook", "thành viên", "cảnh báo")
    for r in rows:
        table.add_row(r["id"], r["name"], r["kind"], "✓" if r["has_email"] else "", "✓" if r["has_webhook"] else "",
                      str(r["members"]), str(r["alerts"]))
    Console().print(table)


@app.command("contact")
def contact(unit: str, email: Annotated[str | None, typer.Option(help="địa chỉ email ('' để xoá)")] = None,
            webhook: Annotated[str | None, typer.Option(help="URL webhook ('' để xoá)")] = None) -> None:
    """Đặt email và webhook nhận cảnh báo của một đơn vị."""
    from casework import units
    from graph.driver import driver_session
    from graph.repository import GraphReader, GraphWriter

    try:
        with driver_session() as driver:
            database = _database()
            current = {r["id"]: r for r in GraphReader(driver, database=database).read(
                "read/unit_contacts_get", {"id": units.unit_id_for(unit)})}
            old = current.get(units.unit_id_for(unit), {})
            units.set_contacts(GraphWriter(driver, database=database), [{
                "unit_id": unit, "email": old.get("email") if email is None else email,
                "webhook_url": old.get("webhook_url") if webhook is None else webhook}])
    except LantoaError as e:
        raise _fail(e) from e
    console.print(f"Đã cập nhật liên hệ của {unit}.")


@app.command("webhook-key")
def webhook_key(unit: str) -> None:
    """In khoá HMAC mà hệ thống nhận webhook của đơn vị dùng để kiểm tra chữ ký."""
    from casework.delivery_settings import get_delivery_settings
    from casework.transport import unit_webhook_key
    from casework.units import unit_id_for

    secret = get_delivery_settings().webhook_secret
    if secret is None:
        raise _fail(LantoaError("LANTOA_DELIVERY_WEBHOOK_SECRET chưa được đặt"))
    typer.echo(unit_webhook_key(secret.get_secret_value(), unit_id_for(unit)))


@member_app.command("add")
def member_add(unit: str, user: str) -> None:
    """Thêm người dùng vào đơn vị."""
    _membership(unit, user, True)
    console.print(f"{user} là thành viên của {unit}.")


@member_app.command("remove")
def member_remove(unit: str, user: str) -> None:
    """Bỏ người dùng khỏi đơn vị."""
    _membership(unit, user, False)
    console.print(f"{user} không còn là thành viên của {unit}.")


def _membership(unit: str, user: str, member: bool) -> None:
    from casework.units import set_membership
    from graph.driver import driver_session
    from graph.repository import GraphWriter

    try:
        with driver_session() as driver:
            set_membership(GraphWriter(driver, database=_database()), unit, user, member=member)
    except LantoaError as e:
        raise _fail(e) from e


@reporter_app.command("add")
def reporter_add(outlet: str, user: str) -> None:
    """Gắn người dùng với cơ quan báo chí mà họ đại diện (mỗi người một cơ quan)."""
    _representative(outlet, user, True)
    console.print(f"{user} là đại diện của {outlet}.")


@reporter_app.command("remove")
def reporter_remove(outlet: str, user: str) -> None:
    """Gỡ người dùng khỏi cơ quan báo chí."""
    _representative(outlet, user, False)
    console.print(f"{user} không còn là đại diện của {outlet}.")


def _representative(outlet: str, user: str, member: bool) -> None:
    from casework.outlet_reports import set_representative
    from graph.driver import driver_session
    from graph.repository import GraphWriter

    try:
        with driver_session() as driver:
            set_representative(GraphWriter(driver, database=_database()), outlet, user, member=member)
    except LantoaError as e:
        raise _fail(e) from e


@app.command("deliver")
def deliver(at: Annotated[str | None, typer.Option(help="thời điểm ISO 8601 (mặc định: bây giờ)")] = None) -> None:
    """Chuyển cảnh báo đến các đơn vị, báo cáo quá hạn, lập bản tin ngày và gửi (email, webhook); chạy lại không
    gửi trùng."""
    from casework.delivery import alert_delivery_pass
    from graph.driver import driver_session

    try:
        with driver_session() as driver:
            out = alert_delivery_pass(driver, now=_now(at), database=_database())
    except LantoaError as e:
        raise _fail(e) from e
    console.print(f"{out.alerts} cảnh báo xét; {out.routes} lượt chuyển ({out.new_routes} mới); "
                  f"{out.escalated} báo cáo quá hạn; {out.digests} bản tin; đã gửi {out.sent}, lỗi {out.failed}, "
                  f"bỏ {out.abandoned}.")


@app.command("deliveries")
def deliveries(status: Annotated[str, typer.Option(help="pending | sending | sent | failed | abandoned; trống: "
                                                        "tất cả")] = "",
               limit: int = 100) -> None:
    """Các lượt gửi và trạng thái (lỗi gần nhất, số lần thử)."""
    from graph.driver import driver_session
    from graph.repository import GraphReader

    try:
        with driver_session() as driver:
            rows = GraphReader(driver, database=_database()).read("read/deliveries_list",
                                                                 {"status": status, "limit": limit})
    except LantoaError as e:
        raise _fail(e) from e
    table = Table("id", "trạng thái", "lần thử", "gửi lúc", "lỗi")
    for r in rows:
        table.add_row(r["id"], r["status"], str(r["attempts"]), str(r["sent_at"] or ""), (r["last_error"] or "")[:80])
    Console().print(table)
