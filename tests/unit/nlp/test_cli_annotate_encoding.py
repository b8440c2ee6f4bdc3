"""`lantoa nlp annotate` on a file with one line in another encoding: that line is reported, the others annotated
(it stopped with a UnicodeDecodeError traceback and wrote nothing)."""

import json

from typer.testing import CliRunner

from api.cli_nlp import app


def test_a_non_utf8_line_is_an_error_row_and_the_rest_is_annotated(tmp_path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes('{"id": "a", "text": "Tỉnh Phú Thọ"}\n'.encode() + b"Vi\xea\xf2t Tr\xec\n"
                    + b"\n" + '{"id": "b", "text": "Việt Trì"}\n'.encode())
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["annotate", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, "b"]
    assert rows[1]["line"] == 2 and "UTF-8" in rows[1]["error"]
    assert rows[0]["entities"] and rows[2]["entities"]
