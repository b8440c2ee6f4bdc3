"""``lantoa report …``, ``lantoa registry …``, ``lantoa schedule …``, ``lantoa warning …``: thin wrappers over
casework.reports, casework.registry, casework.schedule and casework.warning."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from common.errors import LantoaError

console = Console(stderr=True)

app = typer.Typer(help="Báo cáo, danh mục báo chí, lịch chạy và cảnh báo sớm.", no_args_is_help=True)
registry_app = typer.Typer(help="Danh mục báo chí: cơ quan báo chí, nhà báo, người phát ngôn.", no_args_is_help=True)
schedule_app = typer.Typer(help="Lịch chạy định kỳ: thu thập, phân tích, cảnh báo, báo cáo ngày/tuần.",
                           no_args_is_help=True)
warning_app = typer.Typer(help="Cảnh báo sớm: mức khủng hoảng, khuyến nghị xử lý.", no_args_is_help=True)


def _fail(err: Exception) -> typer.Exit:
    console.print(f"[red]Lỗi:[/red] {err}")
    return typer.Exit(code=2)


def _database() -> str:
    from graph.driver import resolve_connection

    return resolve_connection()[2]


# ------------------------------------------------------------------ report
def report_list(as_json: bool = False) -> None:
    """Liệt kê các báo cáo và tham số của chúng."""
    from casework.reports import list_reports

    specs = list_reports()
    if as_json:
        typer.echo(json.dumps([s.as_dict() for s in specs], ensure_ascii=False, indent=1))
        return
    for s in specs:
        typer.echo(f"{s.name}: {s.title}" + (f"  [vai trò: {', '.join(s.roles)}]" if s.roles else ""))
        for p in s.params:
            dflt = "bắt buộc" if p.required else f"mặc định {p.default or '(trống)'}"
            typer.echo(f"    --param {p.name}=<{p.type}>  {p.description} ({dflt})")


@app.command("report")
def report(
    name: Annotated[str, typer.Argument(help="tên báo cáo, hoặc 'list' để xem danh sách")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="tham số tên=giá_trị (lặp lại)")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv | json | html | xlsx")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="tệp kết quả (mặc định: stdout)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="với 'list': in dạng JSON")] = False,
) -> None:
    """Chạy một báo cáo Cypher có tên (chỉ đọc, tham số được kiểm tra kiểu); `lantoa report list` liệt kê."""
    if name == "list":
        report_list(as_json)
        return
    from casework.reports import FORMATS, coerce_params, get_spec, parse_kv, render, run_report
    from graph.driver import driver_session
    from graph.repository import GraphReader

    if fmt not in FORMATS:
        raise _fail(ValueError(f"định dạng {fmt!r} không hỗ trợ (chọn: {', '.join(FORMATS)})"))
    if fmt == "xlsx" and output is None:
        raise _fail(ValueError("định dạng xlsx cần --output FILE"))
    try:
        params = parse_kv(param or [])
        coerce_params(get_spec(name), params)  # refuse bad names and values before connecting
        with driver_session() as driver:
            result = run_report(GraphReader(driver, database=_database()), name, params)
            _audit_report(driver, name, params, fmt, len(result.rows), output)
        data = render(result, fmt)
    except LantoaError as e:
        raise _fail(e) from e
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_name(output.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(output)
        console.print(f"Đã ghi {len(result.rows)} dòng vào {output}")


def _audit_report(driver, name: str, params: dict, fmt: str, rows: int, output: Path | None) -> None:
    """A report run from the command line is a view of the data like one over the API: it is written to the
    hash-chained audit log with who ran it (the OS user), its parameters and where the rows went."""
    import getpass

    from api.auth import write_audit_event

    write_audit_event(driver, database=_database(), actor=f"cli:{getpass.getuser()}", roles=["operator"],
                      action="report.run", target=name,
                      detail={"params": params, "format": fmt, "rows": rows,
                              "output": str(output) if output else "stdout"})


# ------------------------------------------------------------------ registry
@registry_app.command("import")
def registry_import(
    kind: Annotated[str, typer.Argument(help="outlets | journalists | spokespeople")],
    path: Annotated[Path, typer.Argument(help="tệp .csv hoặc .xlsx", exists=True, dir_okay=False)],
    by: Annotated[str, typer.Option(help="người nhập")] = "cli",
    dry_run: Annotated[bool, typer.Option(help="chỉ kiểm tra, không ghi")] = False,
) -> None:
    """Nhập danh mục từ CSV/XLSX; dòng lỗi được báo kèm số dòng, các dòng đúng vẫn được nhập."""
    from casework.registry import STATEMENTS, parse_file
    from graph.driver import driver_session
    from graph.repository import GraphWriter

    try:
        parsed = parse_file(kind, path, by=by, at=datetime.now().astimezone())
        written = 0
        if parsed.rows and not dry_run:
            with driver_session() as driver:
                written = GraphWriter(driver, database=_database()).write(STATEMENTS[kind], parsed.rows).rows
    except LantoaError as e:
        raise _fail(e) from e
    for err in parsed.errors:
        console.print(f"[yellow]dòng {err.row}:[/yellow] {err.message}")
    typer.echo(json.dumps({"kind": kind, "valid": len(parsed.rows), "written": written,
                           "errors": [{"row": e.row, "message": e.message} for e in parsed.errors]},
                          ensure_ascii=False, indent=1))
    if parsed.errors:
        raise typer.Exit(code=1)


# ------------------------------------------------------------------ schedule
@schedule_app.command("run")
def schedule_run(
    poll: Annotated[float, typer.Option(help="giây giữa hai lần kiểm tra lịch")] = 30.0,
    ticks: Annotated[int | None, typer.Option(help="dừng sau chừng này lần kiểm tra (mặc định: chạy mãi)")] = None,
    no_hooks: Annotated[bool, typer.Option("--no-hooks", help="không chạy thu thập/NLP/phân tích, chỉ cảnh báo "
                                                               "và báo cáo")] = False,
) -> None:
    """Vòng lặp lịch trong tiến trình: mỗi giờ thu thập + phân tích + cảnh báo; báo cáo ngày và tuần vào thư mục."""
    from casework.schedule import Scheduler, default_jobs, get_job_settings
    from graph.driver import driver_session

    s = get_job_settings()
    try:
        with driver_session() as driver:
            sched = Scheduler(default_jobs(driver, database=_database(), with_hooks=not no_hooks),
                              state_file=s.folder() / ".schedule.json")
            console.print(f"Lịch đang chạy; báo cáo ghi vào {s.folder()}")
            sched.run(poll_s=poll, max_ticks=ticks)
    except LantoaError as e:
        raise _fail(e) from e
    except KeyboardInterrupt:
        console.print("Đã dừng lịch.")


@schedule_app.command("reports")
def schedule_reports(
    kind: Annotated[str, typer.Argument(help="daily | weekly")] = "daily",
) -> None:
    """Chạy ngay các báo cáo ngày (hoặc tuần) và ghi vào thư mục báo cáo."""
    from casework.schedule import LOCAL_TZ, default_jobs
    from graph.driver import driver_session

    if kind not in ("daily", "weekly"):
        raise _fail(ValueError("chọn daily hoặc weekly"))
    try:
        with driver_session() as driver:
            job = next(j for j in default_jobs(driver, database=_database(), with_hooks=False) if j.kind == kind)
            job.run(datetime.now(LOCAL_TZ))
    except LantoaError as e:
        raise _fail(e) from e


# ------------------------------------------------------------------ warning
@warning_app.command("run")
def warning_run(
    now: Annotated[str | None, typer.Option(help="thời điểm đánh giá, ISO 8601 có múi giờ (mặc định: bây giờ)")] = None,
    lookback_days: Annotated[int, typer.Option(help="số ngày lịch sử cho đường cơ sở")] = 42,
) -> None:
    """Đánh giá cảnh báo sớm ngay: cảnh báo, mức khủng hoảng, khuyến nghị xử lý cho từng câu chuyện."""
    from casework.schedule import LOCAL_TZ, warning_pass
    from graph.driver import driver_session

    at = datetime.fromisoformat(now) if now else datetime.now(LOCAL_TZ)
    if at.tzinfo is None:
        raise _fail(ValueError("--now cần múi giờ, ví dụ 2025-08-15T09:00:00+07:00"))
    try:
        with driver_session() as driver:
            out = warning_pass(driver, now=at, database=_database(), lookback_days=lookback_days)
    except LantoaError as e:
        raise _fail(e) from e
    typer.echo(json.dumps({"level": out.level, "reasons": list(out.reasons), "alerts": out.alerts,
                           "mentions": out.mentions, "stories": out.stories_assessed,
                           "recommendations": out.recommendations}, ensure_ascii=False, indent=1))


app.add_typer(registry_app, name="registry")
app.add_typer(schedule_app, name="schedule")
app.add_typer(warning_app, name="warning")
