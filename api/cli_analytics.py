"""Offline analytics commands: ``lantoa communities`` and ``lantoa cascade`` (thin wrappers).

The plain functions :func:`communities_command` and :func:`cascade_command` do the work and return a
summary dict; the Typer commands only parse options, show progress and print the summary.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from common.errors import ValidationError
from graph.analytics.communities import METHODS, find_communities
from graph.analytics.edges import edge_arrays
from graph.analytics.io import (
    atomic_writer,
    iter_edges_tsv,
    iter_events_jsonl,
    read_partition_tsv,
    write_cascades_json,
    write_partition_tsv,
)
from graph.analytics.propagation import analyse_cascades
from nlp.fingerprint import fingerprinted

app = typer.Typer(help="Phân tích ngoại tuyến: cộng đồng và lan truyền (dữ liệu xuất từ nơi khác).", no_args_is_help=True)


def communities_command(
    edges: Path,
    out: Path,
    *,
    seed: int = 0,
    method: str = "auto",
    resolution: float = 1.0,
    stability_runs: int = 0,
) -> dict[str, Any]:
    """Read ``u<TAB>v[<TAB>weight]``, detect communities, write ``node<TAB>community``; return a summary.

    With ``stability_runs > 0`` also writes ``OUT.stability.tsv`` (``node<TAB>stability``).
    """
    if method not in METHODS:  # fail before reading a large file
        raise ValidationError(f"unknown community method {method!r}; choose one of {', '.join(METHODS)}")
    t0 = time.perf_counter()
    ea = edge_arrays(iter_edges_tsv(edges))
    t_read = time.perf_counter() - t0
    res = find_communities(ea, method=method, seed=seed, resolution=resolution, stability_runs=stability_runs)
    t_detect = time.perf_counter() - t0 - t_read
    write_partition_tsv(res["membership"], out)
    if res["stability"] is not None:
        with atomic_writer(out.with_name(out.name + ".stability.tsv")) as fh:
            for node, s in res["stability"].items():
                fh.write(f"{node}\t{s:.4f}\n")
    return {
        "nodes": ea.n, "edges": ea.m, "communities": res["n_communities"], "modularity": round(res["modularity"], 6),
        "method": res["method"], "seed": seed, "largest": res["sizes"][:5],
        "seconds_read": round(t_read, 3), "seconds_detect": round(t_detect, 3), "out": str(out),
    }


def cascade_command(
    events: Path,
    out: Path,
    *,
    copy_threshold: float = 0.6,
    skip_invalid: bool = False,
    communities: Path | None = None,
    top_origins: int = 5,
    progress: Any = None,
) -> dict[str, Any]:
    """Read events JSONL, rebuild every story's cascade, write the JSON object keyed by story; return a summary.

    An event's ``text`` is fingerprinted here with :func:`nlp.fingerprint.fingerprinted` (unless the export
    already carries a current ``fingerprint``), as at ingest, before the pure analysis compares fingerprints.
    ``skip_invalid``: bad lines are skipped and listed in ``OUT.errors.txt`` instead of stopping.
    ``communities``: a ``account<TAB>community`` TSV for the per-community share.
    ``progress``: optional callable ``(stories_done)`` for a progress display.
    """
    if not 0 < copy_threshold <= 1:
        raise ValidationError(f"copy_threshold must be in (0, 1], got {copy_threshold!r}")
    t0 = time.perf_counter()
    errors: list[str] = []
    evs = list(iter_events_jsonl(events, skip_invalid=skip_invalid, errors=errors, prepare=fingerprinted))
    t_read = time.perf_counter() - t0
    gc.collect()
    gc.freeze()  # the events live until the end: keep the collector from re-scanning a million objects
    comm = read_partition_tsv(communities) if communities is not None else None
    n_flagged = 0

    def on_story(_story: str, res: Any) -> None:
        nonlocal n_flagged
        n_flagged += bool(res["origin_probably_unobserved"])
        if progress is not None:
            progress(1)

    n_events = len(evs)
    try:
        n_stories = write_cascades_json(
            analyse_cascades(evs, copy_threshold=copy_threshold, communities=comm, top_origins=top_origins), out,
            on_story=on_story,
        )
    finally:
        del evs
        gc.unfreeze()
    err_file = None
    if errors:
        err_file = out.with_name(out.name + ".errors.txt")
        with atomic_writer(err_file) as fh:
            fh.write("\n".join(errors) + "\n")
    total = time.perf_counter() - t0
    return {
        "events": n_events, "invalid_lines": len(errors), "errors_file": str(err_file) if err_file else None,
        "stories": n_stories, "origin_probably_unobserved": n_flagged,
        "seconds_read": round(t_read, 3), "seconds_total": round(total, 3),
        "events_per_second": round(n_events / total, 1) if total > 0 else None, "out": str(out),
    }


def _fail(e: Exception) -> None:
    typer.secho(f"Lỗi dữ liệu đầu vào: {e}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=2)


@app.command("communities")
def communities_cli(
    edges: Annotated[Path, typer.Argument(help="Tệp cạnh TSV: u<TAB>v[<TAB>trọng số]")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Tệp kết quả TSV: nút<TAB>cộng đồng")],
    seed: Annotated[int, typer.Option(help="Hạt giống ngẫu nhiên (cùng hạt giống → cùng kết quả)")] = 0,
    method: Annotated[str, typer.Option(help=f"Thuật toán: {'|'.join(METHODS)}")] = "auto",
    resolution: Annotated[float, typer.Option(help="Độ phân giải modularity")] = 1.0,
    stability_runs: Annotated[int, typer.Option(help="Số lần chạy thêm để đo độ ổn định từng nút")] = 0,
) -> None:
    """Phát hiện cộng đồng trong một đồ thị cạnh (TSV)."""
    try:
        s = communities_command(edges, out, seed=seed, method=method, resolution=resolution,
                                stability_runs=stability_runs)
    except ValidationError as e:
        _fail(e)
        return
    typer.echo(
        f"Đã ghi {s['nodes']:,} nút vào {s['out']}: {s['communities']:,} cộng đồng, modularity {s['modularity']:.4f}, "
        f"thuật toán {s['method']}, hạt giống {s['seed']} ({s['seconds_detect']:.2f} s)."
    )


@app.command("cascade")
def cascade_cli(
    events: Annotated[Path, typer.Argument(help="Tệp sự kiện JSONL: {id, story?, account, created_at, parent_id?, url?, text?, fingerprint?}")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Tệp kết quả JSON theo từng câu chuyện")],
    copy_threshold: Annotated[float, typer.Option(help="Ngưỡng tương đồng văn bản để coi là sao chép")] = 0.6,
    skip_invalid: Annotated[bool, typer.Option(help="Bỏ qua dòng lỗi (ghi vào OUT.errors.txt) thay vì dừng")] = False,
    communities: Annotated[Path | None, typer.Option(help="TSV tài khoản<TAB>cộng đồng (tuỳ chọn)")] = None,
) -> None:
    """Dựng lại cây lan truyền, nguồn gốc và chỉ số của từng câu chuyện."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    try:
        with Progress(SpinnerColumn(), TextColumn("{task.description} {task.completed:,}"), transient=True) as bar:
            task = bar.add_task("Câu chuyện đã xử lý", total=None)
            s = cascade_command(events, out, copy_threshold=copy_threshold, skip_invalid=skip_invalid,
                                communities=communities, progress=lambda k: bar.advance(task, k))
    except ValidationError as e:
        _fail(e)
        return
    typer.echo(
        f"Đã phân tích {s['events']:,} sự kiện trong {s['stories']:,} câu chuyện → {s['out']} "
        f"({s['seconds_total']:.1f} s, {s['events_per_second']:,.0f} sự kiện/s); "
        f"{s['origin_probably_unobserved']:,} câu chuyện có nguồn gốc có lẽ chưa quan sát được."
    )
    if s["invalid_lines"]:
        typer.secho(f"Bỏ qua {s['invalid_lines']:,} dòng lỗi, xem {s['errors_file']}.", fg=typer.colors.YELLOW, err=True)
