"""The single ``lantoa`` command. Subcommands are thin wrappers over plain functions, grouped by area."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from graph.errors import LantoaError
from graph.logging_setup import configure_logging

console = Console(stderr=True)
app = typer.Typer(
    name="lantoa",
    help="Lan Tỏa: press and social-media intelligence graph (Phú Thọ).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
neo4j_app = typer.Typer(help="The local Neo4j server (the embedded default when NEO4J_URI is unset).",
                        no_args_is_help=True)
db_app = typer.Typer(help="Schema and contents of the graph database.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(db_app, name="db")


@app.callback()
def _main(
    log_level: Annotated[str, typer.Option("--log-level", help="DEBUG, INFO, WARNING, ERROR")] = "INFO",
) -> None:
    configure_logging(log_level)


def fail(err: Exception) -> typer.Exit:
    console.print(f"[red]Lỗi:[/red] {err}")
    return typer.Exit(code=2)


# neo4j ------------------------------------------------------------------------------------
@neo4j_app.command("start")
def neo4j_start() -> None:
    """Fetch (first time), configure and start the local Neo4j; wait until Bolt answers."""
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
    """Stop the local Neo4j."""
    from graph.server_manager import LocalNeo4j

    was = LocalNeo4j().stop()
    console.print("Đã dừng Neo4j." if was else "Neo4j không chạy.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Is the local Neo4j running, and which version."""
    from graph.server_manager import LocalNeo4j

    status = LocalNeo4j().status()
    console.print(status.describe())
    if not status.running:
        raise typer.Exit(code=1)


@neo4j_app.command("fetch")
def neo4j_fetch() -> None:
    """Download the server's jars from Maven Central into the cache (no start)."""
    from graph.server_manager import LocalNeo4j

    try:
        path = LocalNeo4j().fetch()
    except LantoaError as e:
        raise fail(e) from e
    console.print(f"Neo4j jars: {path}")


# db -------------------------------------------------------------------------------------
@db_app.command("init")
def db_init() -> None:
    """Apply every constraint and index in cypher/schema (idempotent)."""
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
    """Server version and node counts by label, as JSON."""
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
    days: Annotated[int, typer.Option(help="window: the last N days")] = 30,
    since: Annotated[str | None, typer.Option(help="window start, ISO 8601 (overrides --days)")] = None,
    until: Annotated[str | None, typer.Option(help="window end, ISO 8601")] = None,
    seed: Annotated[int, typer.Option(help="seed for community detection")] = 0,
    stability_runs: Annotated[int, typer.Option(help="seeded re-runs for per-node stability")] = 3,
) -> None:
    """Run every graph analysis (stories, origins, influence, communities, coordination) and store the results."""
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
    batch: Annotated[int, typer.Option(help="records per batch")] = 200,
    limit: Annotated[int | None, typer.Option(help="stop after this many of each kind")] = None,
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


def _mount() -> None:
    """Subcommands that live in their area's own module."""
    from api import cli_analytics, cli_nlp, cli_sandbox, cli_users

    app.command("communities")(cli_analytics.communities_cli)
    app.command("cascade")(cli_analytics.cascade_cli)
    app.add_typer(cli_users.app, name="users")
    cli_nlp.app.command("run")(nlp_run)
    app.add_typer(cli_nlp.app, name="nlp")
    app.add_typer(cli_sandbox.app, name="sandbox")


_mount()


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
