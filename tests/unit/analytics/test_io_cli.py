import json

import orjson
import pytest
from typer.testing import CliRunner

from api.cli_analytics import app, cascade_command, communities_command
from common.errors import ValidationError
from graph.analytics.io import iter_edges_tsv, iter_events_jsonl, read_partition_tsv
from graph.analytics.synthetic import synthetic_cascades

runner = CliRunner()
EDGES = "a\tb\nb\tc\t2\nc\ta\n\n# x\nd\te\ne\tf\nf\td\nc\td\t0.5\n"


def test_communities_cli_roundtrip(tmp_path):
    src = tmp_path / "edges.tsv"
    src.write_text(EDGES, encoding="utf-8")
    out = tmp_path / "out.tsv"
    res = runner.invoke(app, ["communities", str(src), "-o", str(out), "--seed", "3", "--method", "leiden"])
    assert res.exit_code == 0, res.output
    assert "cộng đồng" in res.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [ln.split("\t")[0] for ln in lines] == ["a", "b", "c", "d", "e", "f"]
    part = read_partition_tsv(out)
    assert part["a"] == part["b"] == part["c"] != part["d"] == part["e"] == part["f"]
    first = out.read_bytes()
    communities_command(src, out, seed=3, method="leiden")
    assert out.read_bytes() == first


def test_communities_bad_line_names_it_and_writes_nothing(tmp_path):
    src = tmp_path / "edges.tsv"
    src.write_text("a\tb\nb\tc\tnhiều\n", encoding="utf-8")
    out = tmp_path / "out.tsv"
    with pytest.raises(ValidationError, match=r"edges.tsv:2"):
        communities_command(src, out)
    assert not out.exists() and list(tmp_path.iterdir()) == [src]
    res = runner.invoke(app, ["communities", str(src), "-o", str(out)])
    assert res.exit_code == 2 and "edges.tsv:2" in res.output
    with pytest.raises(ValidationError, match="no such file"):
        list(iter_edges_tsv(tmp_path / "missing.tsv"))
    with pytest.raises(ValidationError, match=":1:"):
        list(iter_edges_tsv(__import__("io").StringIO("a\tb\tc\td\n")))


def write_events(path, events):
    path.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in events))


def test_cascade_cli_output_format(tmp_path):
    events, truth = synthetic_cascades(25, seed=5, mean_size=10)
    src = tmp_path / "events.jsonl"
    write_events(src, events)
    out = tmp_path / "out.json"
    res = runner.invoke(app, ["cascade", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {e["story"] for e in events}
    for story, r in data.items():
        assert set(r["parents"]) == {e["id"] for e in events if e["story"] == story}
        for o in r["origin"]:
            assert set(o) == {"id", "account", "score", "evidence"}
        assert r["metrics"]["size"] == len(r["parents"])
        spreaders = r["amplifiers"]["spreaders"]
        if len(r["parents"]) > 1:
            assert spreaders and spreaders[0]["spread"] >= 1
    first = out.read_bytes()
    cascade_command(src, out)
    assert out.read_bytes() == first


def test_cascade_bad_lines_stop_or_are_listed(tmp_path):
    src = tmp_path / "events.jsonl"
    src.write_text('{"id": "1", "account": "a", "created_at": "2025-07-01T08:00:00+07:00"}\n'
                   'không phải JSON\n'
                   '{"id": "3", "account": "b"}\n'
                   '{"id": "4", "account": "c", "created_at": 1751331700, "parent_id": "1"}\n', encoding="utf-8")
    out = tmp_path / "out.json"
    with pytest.raises(ValidationError, match=r"events.jsonl:2: not JSON"):
        cascade_command(src, out)
    assert not out.exists()
    s = cascade_command(src, out, skip_invalid=True)
    assert s["events"] == 2 and s["invalid_lines"] == 2
    errs = (tmp_path / "out.json.errors.txt").read_text(encoding="utf-8").splitlines()
    assert ":2: not JSON" in errs[0]
    assert ":3: created_at: missing" in errs[1]
    data = json.loads(out.read_text(encoding="utf-8"))
    (story,) = data
    assert data[story]["parents"] == {"1": None, "4": "1"}


def test_events_stream_lazily(tmp_path):
    src = tmp_path / "e.jsonl"
    src.write_text('{"id": "1", "account": "a", "created_at": 0}\n{"id": 2}\n', encoding="utf-8")
    it = iter_events_jsonl(src)
    assert next(it).id == "1"
    with pytest.raises(ValidationError):
        next(it)
