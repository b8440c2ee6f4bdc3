"""`lantoa sandbox …`: generate and serve the sandbox web (thin wrappers over etl.sandbox)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from common.errors import SandboxError
from etl.sandbox import generate as generate_world
from etl.sandbox.world import SIZES

app = typer.Typer(help="Sandbox web: a generated, served mini-internet of the province's press and social media.",
                  no_args_is_help=True)
console = Console(stderr=True)


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Argument(help="World directory to write")],
    seed: Annotated[int, typer.Option(help="Random seed (same seed ⇒ identical files)")] = 1,
    size: Annotated[str, typer.Option(help=f"Preset: {', '.join(SIZES)}")] = "tiny",
    articles: Annotated[int | None, typer.Option(help="Override the number of articles")] = None,
    posts: Annotated[int | None, typer.Option(help="Override the number of social posts")] = None,
    accounts: Annotated[int | None, typer.Option(help="Override the number of accounts")] = None,
    days: Annotated[int | None, typer.Option(help="Override the simulated days")] = None,
    gazetteer_dir: Annotated[Path | None, typer.Option(help="Gazetteer directory (default ../shared/gazetteer)")] = None,
) -> None:
    """Generate a world directory and its ground truth (layout: etl/sandbox/FORMAT.md)."""
    t0 = time.perf_counter()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console) as prog:
        tasks: dict[str, int] = {}

        def tick(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = prog.add_task(stage, total=total)
            prog.update(tasks[stage], completed=done)

        try:
            m = generate_world(out_dir, seed=seed, size=size, articles=articles, posts=posts, accounts=accounts,
                               days=days, gazetteer_dir=gazetteer_dir, progress=tick)
        except SandboxError as e:
            console.print(f"[red]error:[/red] {e}")
            raise typer.Exit(2) from e
    dt = time.perf_counter() - t0
    c = m.counts
    console.print(f"world {out_dir}: {c['articles']} articles ({c['articles_province']} about the province), "
                  f"{c['posts']} posts, {c['accounts']} accounts, {c['days']} days in {dt:.1f} s")


@app.command()
def serve(
    world_dir: Annotated[Path, typer.Argument(help="World directory written by `generate`")],
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1")] = 8800,
    speed: Annotated[float | None, typer.Option(help="Simulated seconds per real second (60 = 1 h per minute); "
                                                     "without it the clock stands at the world's end")] = None,
    start: Annotated[str | None, typer.Option(help="Simulated start time, ISO 8601 (default: world start)")] = None,
    latency_ms: Annotated[int, typer.Option(help="Latency added to every request")] = 0,
    error_rate: Annotated[float, typer.Option(help="Share of requests answered 500/503 at random")] = 0.0,
    seed: Annotated[int, typer.Option(help="Seed of the error injection")] = 0,
) -> None:
    """Serve every outlet of a world on one 127.0.0.1 port (proxy, Host header or /__site/HOST/ routing)."""
    from etl.sandbox.server import make_server

    try:
        server, appl = make_server(world_dir, port=port, speed=speed, start=start, error_rate=error_rate,
                                   latency_ms=latency_ms, seed=seed)
    except (SandboxError, OSError, ValueError) as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2) from e
    console.print(f"sandbox web on http://127.0.0.1:{server.server_address[1]} "
                  f"(proxy mode: http_proxy=http://127.0.0.1:{server.server_address[1]}); clock at /__clock")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        appl.w.close()
