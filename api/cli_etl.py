"""``lantoa etl …``: crawl the press, extract one page, import social exports, coverage, evidence.

Thin wrappers over etl.* functions (mount with ``app.add_typer(cli_etl.app, name="etl")``)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Thu thập báo chí và mạng xã hội (crawl, extract, import-social, coverage, evidence).",
                  no_args_is_help=True)
evidence_app = typer.Typer(help="Chứng cứ: xuất và kiểm tra gói chứng cứ.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")


def _print(obj) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _state():
    from etl.config import get_etl_settings
    from etl.state import open_state

    return open_state(get_etl_settings().state_path)


@app.command()
def crawl(
    sources: Annotated[Path | None, typer.Option(help="sources registry YAML (default: etl/sources.yaml)")] = None,
    world: Annotated[Path | None, typer.Option(help="a sandbox world directory: crawl its outlets")] = None,
    proxy: Annotated[str | None, typer.Option(help="HTTP proxy, e.g. the sandbox server http://127.0.0.1:8800")] = None,
    sandbox_clock: Annotated[bool, typer.Option(help="measure time with the sandbox's simulated clock")] = False,
    schedule: Annotated[bool, typer.Option("--schedule", help="keep polling sources on their revisit intervals")] = False,
    run_seconds: Annotated[float, typer.Option(help="stop a scheduled crawl after this many real seconds")] = 0.0,
    until: Annotated[str | None, typer.Option(help="stop a scheduled crawl at this (clock) time, ISO 8601")] = None,
    revisit_minutes: Annotated[float | None, typer.Option(help="override every source's revisit interval")] = None,
    jobdir: Annotated[Path | None, typer.Option(help="Scrapy JOBDIR (resumable); default under the state dir")] = None,
    graph: Annotated[bool, typer.Option(help="write to Neo4j (spooling while it is away)")] = True,
    redis_url: Annotated[str | None, typer.Option(
        help="distributed crawl: a Redis shared by every crawler process (scrapy-redis queue and duplicate filter)")] = None,
    run_key: Annotated[str, typer.Option(help="distributed crawl: the run's name, the same in every process")] = "news",
    shard: Annotated[str, typer.Option(help="distributed crawl: I/N, this process polls its share of the sources")] = "0/1",
) -> None:
    """Thu thập tin bài từ RSS/Atom, sitemap tin tức và trang chuyên mục."""
    from etl.config import get_etl_settings
    from etl.crawl import CrawlSpec, run_crawl

    cfg = get_etl_settings()
    clock_url = None
    if sandbox_clock:
        if not world:
            raise typer.BadParameter("--sandbox-clock needs --world")
        first = json.loads((world / "outlets.json").read_text(encoding="utf-8"))[0]["host"]
        clock_url = f"http://{first}/__clock"
    try:
        i, n = (int(x) for x in shard.split("/"))
    except ValueError:
        raise typer.BadParameter(f"--shard {shard!r}: I/N, e.g. 0/3") from None
    if not 0 <= i < n:
        raise typer.BadParameter(f"--shard {shard!r}: I must be in 0..N-1")
    spec = CrawlSpec(sources_file=str(sources) if sources else None, world_dir=str(world) if world else None,
                     proxy=proxy, clock_url=clock_url, schedule=schedule, run_seconds=run_seconds, until=until,
                     revisit_minutes=revisit_minutes, graph=graph, redis_url=redis_url, run_key=run_key,
                     shard=i, shards=n,
                     jobdir=None if redis_url else str(jobdir or cfg.state_path / "jobs" / "news"))
    stats = run_crawl(spec, cfg)
    _print({k: v for k, v in stats.items() if k.startswith(("item_", "downloader/response_status", "finish"))})


@app.command()
def channels(
    sources: Annotated[Path | None, typer.Option()] = None,
    world: Annotated[Path | None, typer.Option()] = None,
    proxy: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Đọc nguồn cấp kênh video công khai (Atom kiểu YouTube)."""
    from etl.crawl import CrawlSpec, run_crawl

    stats = run_crawl(CrawlSpec(sources_file=str(sources) if sources else None,
                                world_dir=str(world) if world else None, proxy=proxy, spider="channels"))
    _print({k: v for k, v in stats.items() if k.startswith(("item_", "finish"))})


@app.command()
def extract(
    page: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a saved HTML page")],
    url: Annotated[str, typer.Option(help="the page's URL")],
    captured_at: Annotated[str | None, typer.Option(help="capture time (ISO) for relative dates")] = None,
    rules: Annotated[Path | None, typer.Option(help="outlet selectors YAML to try instead of the packaged one")] = None,
) -> None:
    """In bản ghi bài báo trích xuất từ một trang HTML (JSON)."""
    from etl.extraction.article import extract_article

    rec = extract_article(page.read_bytes(), url,
                          captured_at=datetime.fromisoformat(captured_at) if captured_at else None,
                          rules_path=str(rules) if rules else None)
    _print(rec.to_dict())


@app.command("import-social")
def import_social_cmd(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="JSON Lines export")],
    threshold: Annotated[int | None, typer.Option(help="follower threshold of the monitored scope")] = None,
    batch_size: Annotated[int | None, typer.Option()] = None,
    check: Annotated[bool, typer.Option("--check", help="validate only, write nothing")] = False,
    errors: Annotated[Path | None, typer.Option(help="write every rejected line number and reason here")] = None,
) -> None:
    """Nhập tệp xuất mạng xã hội (JSON Lines) vào đồ thị."""
    from etl.config import get_etl_settings
    from etl.social_import import SpoolingWriter, import_social, validate_only
    from etl.spool import Spool

    cfg = get_etl_settings()
    thr = threshold if threshold is not None else cfg.follower_threshold
    if check:
        rep = validate_only(file, threshold=thr)
    else:
        from graph.driver import open_driver
        from graph.repository import GraphWriter
        from graph.settings import get_neo4j_settings

        driver = open_driver()
        try:
            w = SpoolingWriter(GraphWriter(driver, database=get_neo4j_settings().database), Spool(cfg.spool_path))
            rep = import_social(file, w, threshold=thr, batch_size=batch_size or cfg.import_batch_size)
            rep.rows_spooled = w.spooled
        finally:
            driver.close()
    if errors:
        errors.write_text("".join(f"{n}\t{m}\n" for n, m in rep.error_samples), encoding="utf-8")
    out = {k: v for k, v in rep.__dict__.items() if not k.endswith("_samples")}
    out["first_errors"] = rep.error_samples[:10]
    out["first_warnings"] = rep.warning_samples[:5]
    _print(out)


@app.command()
def replay() -> None:
    """Nạp lại vào Neo4j các lô đang chờ trong spool."""
    from etl.config import get_etl_settings
    from etl.spool import Spool
    from graph.driver import open_driver
    from graph.repository import GraphWriter
    from graph.settings import get_neo4j_settings

    driver = open_driver()
    try:
        res = Spool(get_etl_settings().spool_path).replay(GraphWriter(driver, database=get_neo4j_settings().database))
    finally:
        driver.close()
    _print(res.__dict__ if hasattr(res, "__dict__") else {"batches": res.batches, "rows": res.rows,
                                                          "remaining": res.remaining})


@app.command()
def coverage(
    province_only: Annotated[bool, typer.Option(help="only items that concern the province")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Độ trễ phát hiện theo nguồn (p50/p90/p99, tỉ lệ trong 1 giờ / 24 giờ) và nguồn im lặng."""
    from etl.coverage import coverage as compute

    rep = compute(_state(), province_only=province_only)
    if as_json:
        _print(rep.to_dict())
        return
    typer.echo(f"{'nguồn':28} {'bài':>5} {'tồn':>5} {'p50':>7} {'p90':>7} {'p99':>7} {'≤1h':>6} {'≤24h':>6}  ghi chú")
    for s in [*rep.sources, rep.overall]:
        if s is None:
            continue

        def f(x):
            return "-" if x is None else f"{x:.1f}"

        def pct(x):
            return "-" if x is None else f"{100 * x:.0f}%"

        note = f"IM LẶNG: {s.silent_reason}" if s.silent else ""
        typer.echo(f"{s.source[:28]:28} {s.items:>5} {s.backlog:>5} {f(s.p50_min):>7} {f(s.p90_min):>7} "
                   f"{f(s.p99_min):>7} {pct(s.within_1h):>6} {pct(s.within_24h):>6}  {note}")
    typer.echo("(độ trễ tính bằng phút, từ lúc đăng đến lúc phát hiện; 'tồn': bài có sẵn trước lần kiểm tra đầu)")
    for n in rep.notes:
        typer.echo(n)


@app.command()
def sources(
    file: Annotated[Path | None, typer.Option(help="registry YAML")] = None,
    world: Annotated[Path | None, typer.Option()] = None,
    load: Annotated[bool, typer.Option("--load", help="write Outlet and Feed nodes")] = False,
) -> None:
    """Liệt kê (và nạp vào đồ thị) danh mục nguồn tin."""
    from etl.sources import load_sources, sources_from_world

    srcs = sources_from_world(world) if world else load_sources(file)
    if load:
        from graph.driver import open_driver
        from graph.repository import GraphWriter

        driver = open_driver()
        try:
            w = GraphWriter(driver)
            w.write("load/outlets", [s.outlet_row() for s in srcs])
            w.write("load/feeds", [r for s in srcs for r in s.feed_rows()])
        finally:
            driver.close()
    _print([{"id": s.id, "name": s.name, "kind": s.kind, "feeds": len(s.feeds), "revisit_minutes": s.revisit_minutes}
            for s in srcs])


@evidence_app.command("export")
def evidence_export(
    article_id: Annotated[str, typer.Argument(help="article id (its canonical URL)")],
    out: Annotated[Path | None, typer.Option(help="bundle path (.zip)")] = None,
) -> None:
    """Xuất gói chứng cứ của một bài (trang đã lưu, mã băm, thời điểm thu thập, chuỗi sao chép)."""
    from etl.config import get_etl_settings
    from etl.evidence_bundle import export_article

    path = export_article(article_id, out=out, state=_state(), cfg=get_etl_settings())
    typer.echo(str(path))


@evidence_app.command("verify")
def evidence_verify(bundle: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Kiểm tra một gói chứng cứ: chữ ký của hệ thống, mã băm từng tệp, và đối chiếu với kho chứng cứ và hồ sơ thu
    thập (một gói bị sửa lùi thời gian rồi tính lại mã băm bị từ chối)."""
    from etl.config import get_etl_settings
    from etl.evidence_bundle import verify_against_store

    rep = verify_against_store(bundle, state=_state(), cfg=get_etl_settings())
    _print({"ok": rep.ok, "checked": rep.checked, "problems": rep.problems, "article_id": rep.article_id})
    if not rep.ok:
        raise typer.Exit(1)
