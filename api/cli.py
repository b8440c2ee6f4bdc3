"""The single ``lantoa`` command. Subcommands are thin wrappers over plain functions, grouped by area."""

from __future__ import annotations

import functools
import json
from typing import Annotated

import typer
from rich.console import Console

from common.errors import LantoaError
from graph.logging_setup import configure_logging

console = Console(stderr=True)
app = typer.Typer(
    name="lantoa",
    help="Lan Tỏa: đồ thị theo dõi báo chí và mạng xã hội về tỉnh Phú Thọ.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
neo4j_app = typer.Typer(help="Máy chủ Neo4j cục bộ (mặc định khi chưa đặt NEO4J_URI).",
                        no_args_is_help=True)
db_app = typer.Typer(help="Lược đồ và nội dung cơ sở dữ liệu đồ thị.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(db_app, name="db")


@app.callback()
def _main(
    log_level: Annotated[str, typer.Option("--log-level", help="mức nhật ký: DEBUG, INFO, WARNING, ERROR")] = "INFO",
) -> None:
    configure_logging(log_level)


def fail(err: Exception) -> typer.Exit:
    console.print(f"[red]Lỗi:[/red] {err}")
    return typer.Exit(code=2)


# neo4j ------------------------------------------------------------------------------------
@neo4j_app.command("start")
def neo4j_start() -> None:
    """Tải (lần đầu), cấu hình và khởi động Neo4j cục bộ; chờ đến khi Bolt trả lời."""
    from graph.server_manager import LocalNeo4j
    from graph.settings import get_neo4j_settings

    if get_neo4j_settings().external:
        console.print("NEO4J_URI is set: using that server, not starting a local one.")
        return
    try:
        with console.status("Đang khởi động Neo4j…"):
            status = LocalNeo4j().start()
    except LantoaError as e:
        raise fail(e) from e
    console.print(status.describe())


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Dừng Neo4j cục bộ."""
    from graph.server_manager import LocalNeo4j

    was = LocalNeo4j().stop()
    console.print("Đã dừng Neo4j." if was else "Neo4j không chạy.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Neo4j cục bộ có đang chạy không, phiên bản nào."""
    from graph.server_manager import LocalNeo4j

    status = LocalNeo4j().status()
    console.print(status.describe())
    if not status.running:
        raise typer.Exit(code=1)


@neo4j_app.command("fetch")
def neo4j_fetch() -> None:
    """Tải các tệp jar của máy chủ từ Maven Central vào bộ nhớ đệm (không khởi động)."""
    from graph.server_manager import LocalNeo4j

    try:
        path = LocalNeo4j().fetch()
    except LantoaError as e:
        raise fail(e) from e
    console.print(f"Neo4j jars: {path}")


# db -------------------------------------------------------------------------------------
@db_app.command("init")
def db_init() -> None:
    """Áp dụng mọi ràng buộc và chỉ mục trong cypher/schema (chạy lại an toàn)."""
    from graph.driver import driver_session
    from graph.repository import apply_schema

    try:
        with driver_session() as driver:
            applied = apply_schema(driver)
    except LantoaError as e:
        raise fail(e) from e
    console.print(f"Đã áp dụng {len(applied)} ràng buộc và chỉ mục.")


@db_app.command("status")
def db_status() -> None:
    """Phiên bản máy chủ và số nút theo nhãn (JSON)."""
    from graph.driver import driver_session
    from graph.status import database_status

    try:
        with driver_session() as driver:
            typer.echo(json.dumps(database_status(driver), ensure_ascii=False, indent=2))
    except LantoaError as e:
        raise fail(e) from e


# analysis ---------------------------------------------------------------------------------
@app.command("analyze")
def analyze(
    days: Annotated[int, typer.Option(help="cửa sổ: N ngày gần nhất")] = 30,
    since: Annotated[str | None, typer.Option(help="đầu cửa sổ, ISO 8601 (thay cho --days)")] = None,
    until: Annotated[str | None, typer.Option(help="cuối cửa sổ, ISO 8601")] = None,
    seed: Annotated[int, typer.Option(help="hạt giống ngẫu nhiên cho phát hiện cộng đồng")] = 0,
    stability_runs: Annotated[int, typer.Option(help="số lần chạy lại để đo độ ổn định từng nút")] = 3,
) -> None:
    """Chạy mọi phân tích đồ thị (câu chuyện, nguồn gốc, ảnh hưởng, cộng đồng, phối hợp) và lưu kết quả."""
    from datetime import datetime

    from graph.analysis_run import LOCAL_TZ, AnalysisParams, default_window, run_analysis
    from graph.driver import driver_session

    start, end = default_window(days)
    if since:
        start = datetime.fromisoformat(since)
    if until:
        end = datetime.fromisoformat(until)
    for value in (start, end):
        if value.tzinfo is None:
            raise fail(ValueError("--since/--until need a time zone, e.g. 2025-07-01T00:00:00+07:00"))
    params = AnalysisParams(since=start.astimezone(LOCAL_TZ), until=end.astimezone(LOCAL_TZ), seed=seed,
                            stability_runs=stability_runs)
    try:
        with driver_session() as driver, console.status("Đang phân tích…") as status:
            summary = run_analysis(driver, params, progress=lambda m: status.update(m))
    except LantoaError as e:
        raise fail(e) from e
    typer.echo(json.dumps({
        "run_id": summary.run_id, "status": summary.status, "events": summary.n_events,
        "stories": summary.n_stories, "accounts": summary.n_accounts, "communities": summary.n_communities,
        "modularity": summary.modularity, "coordinated_groups": summary.n_groups,
        "seconds": round(summary.seconds, 2), "stages": summary.stages,
    }, ensure_ascii=False, indent=2))


def nlp_run(
    batch: Annotated[int, typer.Option(help="số bản ghi mỗi lô")] = 200,
    limit: Annotated[int | None, typer.Option(help="dừng sau chừng này mục mỗi loại")] = None,
    mode: Annotated[str, typer.Option(help="ner (underthesea CRF) | ws | syllable")] = "ner",
) -> None:
    """Chú thích những bài báo và bài đăng mới hoặc đã đổi trong đồ thị (thực thể, sắc thái, chủ đề, liên quan)."""
    from etl.nlp_stage import run_nlp_stage
    from graph.driver import driver_session

    try:
        with driver_session() as driver, console.status("Đang xử lý ngôn ngữ…") as status:
            done = [0]

            def tick(n: int) -> None:
                done[0] += n
                status.update(f"Đã chú thích {done[0]:,} mục")

            result = run_nlp_stage(driver, batch=batch, limit=limit, mode=mode, progress=tick)
    except LantoaError as e:
        raise fail(e) from e
    typer.echo(json.dumps({"version": result.version, "articles": result.articles, "posts": result.posts,
                           "errors": result.errors, "places": result.places,
                           "organizations": result.organizations}, ensure_ascii=False, indent=2))


def _report_errors(group: typer.Typer) -> None:
    """Make the commands of ``group`` print the project's own errors (:class:`LantoaError`, in Vietnamese) as
    one line and exit with code 2, instead of a traceback."""
    for command in group.registered_commands:
        callback = command.callback
        if callback is None or getattr(callback, "_reports_errors", False):
            continue

        @functools.wraps(callback)
        def reporting(*args, __callback=callback, **kwargs):
            try:
                return __callback(*args, **kwargs)
            except LantoaError as e:
                raise fail(e) from e

        reporting._reports_errors = True  # type: ignore[attr-defined]
        command.callback = reporting


def _mount() -> None:
    """Subcommands that live in their area's own module."""
    from api import (
        cli_analytics,
        cli_etl,
        cli_evaluate,
        cli_nlp,
        cli_ops,
        cli_reports,
        cli_sandbox,
        cli_units,
        cli_users,
    )

    _report_errors(cli_etl.evidence_app)  # "lantoa evidence export UNKNOWN": a message, not a traceback
    app.add_typer(cli_etl.app)  # crawl, extract, import-social, coverage, evidence … at the top level
    app.add_typer(cli_reports.app)  # report, registry, schedule, warning
    app.add_typer(cli_ops.app)  # backup, restore, retention, privacy, processing-record

    app.command("communities")(cli_analytics.communities_cli)
    app.command("cascade")(cli_analytics.cascade_cli)
    app.add_typer(cli_users.app, name="users")
    app.add_typer(cli_units.app, name="units")
    cli_nlp.app.command("run")(nlp_run)
    app.add_typer(cli_nlp.app, name="nlp")
    app.add_typer(cli_sandbox.app, name="sandbox")
    app.add_typer(cli_evaluate.app, name="evaluate")


_mount()


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
