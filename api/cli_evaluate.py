"""`lantoa evaluate …`: the chain scorecard (thin wrapper over api/scorecard.py)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from common.errors import LantoaError

app = typer.Typer(help="Chấm điểm cả chuỗi xử lý trên một thế giới sandbox.", no_args_is_help=True)
console = Console(stderr=True)


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "có" if v else "không"
    if isinstance(v, float):
        return f"{v:.3f}"
    if isinstance(v, list | tuple | set | frozenset):
        return ", ".join(str(x) for x in v)
    return str(v)


THRESHOLD_LABELS = {
    "false_story_largest_share": "Tin đồn: tỷ lệ trong một câu chuyện",
    "false_story_origin_top1": "Tin đồn: đúng nguồn gốc (top-1)",
    "false_story_refutation_linked": "Tin đồn: đã nối bài bác bỏ",
    "false_story_handling": "Tin đồn: khuyến nghị xử lý",
    "crisis_handling": "Khủng hoảng: khuyến nghị xử lý",
    "story_bcubed_f1": "Câu chuyện: B-cubed F1",
    "crisis_split_into": "Khủng hoảng: số câu chuyện bị chia",
    "crisis_alert_level_in_window": "Khủng hoảng: mức cảnh báo trong khung",
    "crisis_lead_h_ge3": "Khủng hoảng: báo trước đỉnh (giờ, mức ≥ 3)",
    "article_sentiment_macro_f1": "Sắc thái bài báo: macro-F1",
    "communities_nmi": "Cộng đồng: NMI",
    "coordination_jaccard": "Phối hợp: Jaccard",
    "relevance_precision": "Liên quan tỉnh: độ chính xác",
    "relevance_recall": "Liên quan tỉnh: độ phủ",
}
OPS_VI = {">=": "≥", "==": "=", "is": "=", "in": "một trong"}


def _handling(v: Any) -> str:
    from casework.handling import HANDLING_VI

    if isinstance(v, list):
        return " / ".join(_handling(x) for x in v)
    return f"{HANDLING_VI.get(v, v)} ({v})" if v else "—"


STORY_LABELS = {"story:false": "Tin đồn sai", "story:refutation": "Bác bỏ chính thức", "story:crisis": "Khủng hoảng"}


def render(res: dict[str, Any]) -> list[Table]:
    """The scorecard as tables with Vietnamese labels."""
    s = res["scores"]
    main = Table(title=f"Bảng điểm chuỗi xử lý — {res['world']} (seed {res['seed']}, {res['size']})")
    main.add_column("Thước đo")
    main.add_column("Giá trị", justify="right")
    st = s["stories"]
    rows: list[tuple[str, Any]] = [
        ("Câu chuyện: B-cubed độ chính xác / độ phủ / F1",
         f"{_fmt(st['bcubed']['precision'])} / {_fmt(st['bcubed']['recall'])} / {_fmt(st['bcubed']['f1'])}"),
        ("  chỉ các câu chuyện cài sẵn (không kể nhóm sao chép): F1", st["bcubed_planted"]["f1"]),
        ("  nhóm bài sao chép nằm trọn một câu chuyện", f"{st['copy_groups']['whole']}/{st['copy_groups']['scored']}"),
        ("  số câu chuyện trong đồ thị", st["stories"]),
        ("Nguồn gốc bài sao chép đúng (top-1)", s["copy_origin_top1"]),
        ("Khủng hoảng: đã cảnh báo trong khung", s["crisis"]["alerted"]),
        ("Khủng hoảng: mức cao nhất", s["crisis"]["max_level"]),
        ("Khủng hoảng: báo trước đỉnh, giờ (mức ≥ 2 / ≥ 3)",
         f"{_fmt(s['crisis']['lead_h_ge2'])} / {_fmt(s['crisis']['lead_h_ge3'])}"),
        ("Báo động nhầm mỗi tuần (mức ≥ 2 / ≥ 3)",
         f"{_fmt(s['crisis']['false_per_week_ge2'])} / {_fmt(s['crisis']['false_per_week_ge3'])}"),
        ("Phối hợp: Jaccard", s["coordination"]["jaccard"]),
        ("Cộng đồng: NMI (độ phủ tài khoản)", f"{_fmt(s['communities']['nmi'])} ({_fmt(s['communities']['coverage'])})"),
        ("Thu thập: độ phủ trang về tỉnh tải được", s["crawl_recall_province"]),
        ("Liên quan tỉnh: độ chính xác / độ phủ",
         f"{_fmt(s['relevance']['precision'])} / {_fmt(s['relevance']['recall'])}"),
        ("Sắc thái bài báo: macro-F1", s["sentiment"]["articles"]["macro_f1"]),
        ("Sắc thái bài đăng: macro-F1", s["sentiment"]["posts"]["macro_f1"]),
        ("Thực thể: F1 (độ chính xác / độ phủ)",
         f"{_fmt(s['entities']['f1'])} ({_fmt(s['entities']['precision'])} / {_fmt(s['entities']['recall'])})"),
        ("Trích xuất: tiêu đề / thời gian (±60 s) / tác giả F1",
         f"{_fmt(s['extraction']['title'])} / {_fmt(s['extraction']['time'])} / "
         f"{_fmt(s['extraction']['authors']['f1'])}"),
        ("Nhà báo: bút danh gộp đúng một người", s["extraction"]["identity"]),
    ]
    for label, v in rows:
        main.add_row(label, _fmt(v))

    per = Table(title="Từng câu chuyện cài sẵn")
    for col in ("Câu chuyện", "Mục có trong đồ thị", "Tỷ lệ lớn nhất", "Bị chia thành", "Không thuộc câu chuyện nào",
                "Nguồn gốc đúng", "Đã nối bác bỏ", "Xử lý", "Mức khủng hoảng"):
        per.add_column(col)
    for sid, split in st["planted"].items():
        p = s["planted"].get(sid, {})
        per.add_row(STORY_LABELS.get(sid, sid), f"{split['stored']} (thiếu {split['missing']})",
                    _fmt(split["largest_share"]), _fmt(split["split_into"]), _fmt(split["in_none"]),
                    _fmt(p.get("origin_top1")), _fmt(p.get("refutation_linked")), _handling(p.get("handling")),
                    _fmt(p.get("crisis_level")))

    thr = Table(title="Ngưỡng \"phải đạt\" của issue 13")
    for col in ("Ngưỡng", "Đo được", "Mục tiêu", "Đạt", "Thiếu"):
        thr.add_column(col)
    for t in res["thresholds"]:
        hand = t["key"].endswith("_handling")
        thr.add_row(THRESHOLD_LABELS.get(t["key"], t["key"]), _handling(t["value"]) if hand else _fmt(t["value"]),
                    f"{OPS_VI.get(t['op'], t['op'])} {_handling(t['target']) if hand else _fmt(t['target'])}",
                    "[green]đạt[/green]" if t["ok"] else "[red]chưa[/red]", _fmt(t["gap"]))

    times = Table(title="Thời gian (giây)")
    for k in res["seconds"]:
        times.add_column(k)
    times.add_row(*(_fmt(v) for v in res["seconds"].values()))
    return [main, per, thr, times]


@app.command("world")
def world_cmd(
    world_dir: Annotated[Path, typer.Argument(help="Thư mục thế giới sandbox (lantoa sandbox generate)")],
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON")] = False,
    keep_db: Annotated[bool, typer.Option("--keep-db", help="Để Neo4j riêng chạy tiếp (với đồ thị) sau khi chấm")] = False,
    wipe_external: Annotated[bool, typer.Option(
        "--wipe-external", help="Đồng ý XOÁ SẠCH máy chủ NEO4J_URI trước khi chạy (khi đặt NEO4J_URI)")] = False,
    neo4j_home: Annotated[Path | None, typer.Option(help="Thư mục của Neo4j riêng (mặc định var/scorecard/neo4j)")] = None,
    warning_every_h: Annotated[float, typer.Option(
        help="Chạy cảnh báo sớm mỗi N giờ mô phỏng như tác vụ hằng giờ (0: chỉ một lần cuối thế giới)")] = 1.0,
    workdir: Annotated[Path | None, typer.Option(help="Thư mục làm việc của lượt thu thập (mặc định: tạm)")] = None,
    reuse_loaded: Annotated[bool, typer.Option(
        "--reuse-loaded", help="Với --keep-db: nếu Neo4j riêng đã nạp đúng thế giới này, chỉ chạy lại phân tích và "
        "cảnh báo (để thử nhanh khi phát triển)")] = False,
) -> None:
    """Chạy mọi công đoạn trên một thế giới sandbox vào cơ sở dữ liệu riêng và chấm điểm đồ thị theo sự thật
    của thế giới đó (câu chuyện, nguồn gốc, bác bỏ, xử lý, khủng hoảng, phối hợp, cộng đồng, liên quan,
    sắc thái, thực thể, trích xuất)."""
    from api.scorecard import EvaluateOptions, evaluate_world

    opts = EvaluateOptions(neo4j_home=neo4j_home, keep_db=keep_db, wipe_external=wipe_external,
                           warning_every=timedelta(hours=warning_every_h) if warning_every_h > 0 else None,
                           workdir=workdir, reuse_loaded=reuse_loaded)
    try:
        with console.status("Đang chạy chuỗi xử lý…") as status:
            res = evaluate_world(world_dir, opts, say=lambda m: status.update(m)).as_json()
    except LantoaError as e:
        console.print(f"[red]Lỗi:[/red] {e}")
        raise typer.Exit(code=2) from e
    if as_json:
        typer.echo(json.dumps(res, ensure_ascii=False, indent=2, default=str))
        return
    out = Console()
    out.print(f"Cơ sở dữ liệu: {res['database']}")
    for table in render(res):
        out.print(table)
