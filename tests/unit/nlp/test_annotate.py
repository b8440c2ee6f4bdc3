import json
import unicodedata

from typer.testing import CliRunner

from nlp.annotate import annotate_records, annotate_text


def _check_offsets(text, out):
    for e in out["entities"]:
        assert 0 <= e["start"] < e["end"] <= len(text)
        assert text[e["start"]:e["end"]] == e["text"]


def test_output_shape_and_offsets():
    text = "Chủ tịch UBND tỉnh Phú Thọ Nguyễn Văn Hưng thăm xã Tam Nông, nơi vừa xảy ra sạt lở."
    out = annotate_text(text)
    assert set(out) >= {"entities", "sentiment", "topics", "relevance"}
    assert {"start", "end", "label", "text", "canonical_id"} <= set(out["entities"][0])
    _check_offsets(text, out)
    assert out["relevance"]["relevant"]
    assert "disasters" in out["topics"]
    assert out["sentiment"]["label"] in ("negative", "neutral", "positive")


def test_generic_agency_resolved_when_relevant():
    out = annotate_text("Phú Thọ: Sở Y tế yêu cầu các bệnh viện trong tỉnh Phú Thọ sẵn sàng ứng phó.")
    assert any(e["canonical_id"] == "org:pt:so-yte" for e in out["entities"])
    out = annotate_text("Sở Y tế Hà Nội họp báo.")
    assert not any(e["canonical_id"] == "org:pt:so-yte" for e in out["entities"])


def test_nfd_input_offsets_into_original():
    text = unicodedata.normalize("NFD", "Lũ quét ở xã Đà Bắc, tỉnh Hoà Bình cũ")
    out = annotate_text(text)
    _check_offsets(text, out)
    assert {unicodedata.normalize("NFC", e["text"]) for e in out["entities"]} >= {"xã Đà Bắc"}


def test_bad_inputs_do_not_crash_and_lose_nothing():
    recs = [{"id": 1, "text": ""}, {"id": 2}, "not a dict", {"id": 4, "text": 5},
            {"id": 5, "text": "😀😀 🇻🇳 中文 العربية Phú Thọ русский"},
            {"id": 6, "text": "<div><p>UBND tỉnh <b>Phú Thọ</b></p><script>x</script>&amp;</div>"},
            {"id": 7, "title": "Khánh thành cầu", "lead": "Người dân xã Tam Nông vui mừng"}]
    outs = list(annotate_records(recs))
    assert len(outs) == len(recs)
    assert outs[0]["entities"] == [] and outs[0]["relevance"]["score"] == 0.0
    assert "error" in outs[1] and "error" in outs[2] and "error" in outs[3]
    _check_offsets(recs[4]["text"], outs[4])
    _check_offsets(recs[5]["text"], outs[5])
    assert any(e["canonical_id"] == "place:province:25" for e in outs[4]["entities"])
    assert any(e["text"] == "Phú Thọ" for e in outs[5]["entities"]) or outs[5]["relevance"]["score"] > 0
    assert outs[6]["relevance"]["score"] > 0


def test_ten_megabytes():
    text = ("Người dân xã Tam Nông, tỉnh Phú Thọ vui mừng đón lễ hội. " * 200_000)[:10_000_000]
    out = annotate_text(text)
    assert out["truncated_at"] > 0
    assert out["relevance"]["relevant"]
    _check_offsets(text, out)


def test_cli_annotate(tmp_path):
    from api.cli_nlp import app

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "UBND tỉnh Phú Thọ họp"}, ensure_ascii=False) + "\n{bad json\n",
                   encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["annotate", str(src), "-o", str(dst), "--mode", "ws"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["entities"][0]["canonical_id"] == "org:pt:ubnd"
    assert "error" in lines[1] and lines[1]["line"] == 2


def test_two_processes_same_output_in_order():
    """n_process=2 tokenises in the workers (plain texts into nlp.pipe) and keeps each record with its doc."""
    recs = [{"id": str(i), "text": f"UBND tỉnh Phú Thọ thăm xã Tam Nông lần {i}. Ông Nguyễn Văn An phát biểu."}
            for i in range(12)]
    recs.insert(5, {"id": "bad"})
    recs.insert(9, {"id": "empty", "text": ""})
    one = list(annotate_records(recs, mode="ws", n_process=1, batch_size=2))
    two = list(annotate_records(recs, mode="ws", n_process=2, batch_size=2))
    assert [o.get("id", o.get("record")) for o in two] == [o.get("id", o.get("record")) for o in one]
    assert two == one
