"""`lantoa nlp ...`: thin Typer wrappers over nlp/ (mount with ``app.add_typer(cli_nlp.app, name="nlp")``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(help="Xử lý ngôn ngữ: thực thể, liên quan tỉnh, sắc thái, chủ đề.", no_args_is_help=True)


def _read_jsonl(path: Path, bad: list[int]) -> Iterator[dict[str, Any] | Any]:
    """Records of a JSON Lines file, read as bytes so that one line in another encoding is reported as that line's
    error (with its number) instead of stopping the whole run; every other line is still annotated."""
    fh = sys.stdin.buffer if str(path) == "-" else path.open("rb")
    try:
        for n, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                bad.append(n)
                yield {"line": n, "raw": raw[:200].decode("utf-8", "replace").rstrip("\r\n"),
                       "error": f"dòng không phải UTF-8 (byte 0x{raw[e.start]:02x} ở vị trí {e.start})"}
                continue
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError:
                bad.append(n)
                yield {"line": n, "raw": line.rstrip("\r\n"), "error": "dòng không phải JSON hợp lệ"}
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


@app.command()
def annotate(
    infile: Annotated[Path, typer.Argument(help="JSON Lines, mỗi dòng {\"id\", \"text\"} ('-' = stdin)")],
    out: Annotated[Path, typer.Option("-o", "--out", help="tệp kết quả JSON Lines ('-' = stdout)")] = Path("-"),
    mode: Annotated[str, typer.Option(help="ner | ws | syllable")] = "ner",
    batch_size: Annotated[int, typer.Option(help="số bản ghi mỗi lô")] = 32,
    n_process: Annotated[int, typer.Option(help="số tiến trình")] = 1,
    fingerprints: Annotated[bool, typer.Option(help="thêm vân tay văn bản (nlp.fingerprint, như khi nạp dữ liệu)")] = False,
) -> None:
    """Gắn nhãn thực thể, sắc thái, chủ đề và mức liên quan tới tỉnh cho từng dòng."""
    from nlp.annotate import annotate_records

    if str(infile) != "-" and not infile.is_file():
        typer.echo(f"Không tìm thấy tệp: {infile}", err=True)
        raise typer.Exit(2)
    bad: list[int] = []
    n = errors = 0
    dst = sys.stdout if str(out) == "-" else out.open("w", encoding="utf-8")
    try:
        for rec in annotate_records(_read_jsonl(infile, bad), mode=mode, batch_size=batch_size,
                                    n_process=n_process, fingerprints=fingerprints):
            dst.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
            errors += "error" in rec
    finally:
        if dst is not sys.stdout:
            dst.close()
    typer.echo(f"Đã xử lý {n} bản ghi, {errors} lỗi.", err=True)


@app.command("train-sentiment")
def train_sentiment() -> None:
    """Huấn luyện mô hình sắc thái từ DANeS (eval-data) và lưu vào nlp/models."""
    from common.errors import NlpError
    from nlp.train import train_sentiment as train

    try:
        summary = train()
    except NlpError as e:
        typer.echo(f"Lỗi: {e}", err=True)
        raise typer.Exit(1) from e
    typer.echo(json.dumps(summary, ensure_ascii=False, default=str))


@app.command()
def evaluate(
    what: Annotated[str, typer.Argument(help="sentiment | topics | relevance | entities")] = "sentiment",
) -> None:
    """Đánh giá: sắc thái (5-fold CV), chủ đề, liên quan tỉnh, thực thể."""
    from common.errors import NlpError
    from nlp.evaluate import main

    try:
        code = main([what])
    except NlpError as e:
        typer.echo(f"Lỗi: {e}", err=True)
        raise typer.Exit(1) from e
    if code:
        raise typer.Exit(code)


@app.command()
def places(
    out: Annotated[Path, typer.Option("-o", "--out", help="tệp JSON Lines ('-' = stdout)")] = Path("-"),
) -> None:
    """Xuất danh mục địa danh (đơn vị mới, cũ, BECAME) cho bộ nạp đồ thị."""
    from nlp.gazetteer import places as all_places

    dst = sys.stdout if str(out) == "-" else out.open("w", encoding="utf-8")
    try:
        for p in all_places():
            dst.write(json.dumps(p, ensure_ascii=False) + "\n")
    finally:
        if dst is not sys.stdout:
            dst.close()
