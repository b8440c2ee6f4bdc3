import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.pipeline import build_nlp, get_nlp
from nlp.tokenizer import split_sentences

TEXTS = [
    "",
    " ",
    "Người dân xã Tam Nông  vui mừng.\n\nUBND tỉnh Phú Thọ họp.",
    "  leading and trailing  ",
    "Emoji 😀🇻🇳 và 中文 mixed العربية text",
    "TP.HCM, Sở TT&TT, LĐ-TB&XH; \"trích dẫn\" (ngoặc)…",
]


def test_round_trip_ner_mode():
    nlp = get_nlp("ner")
    for t in TEXTS:
        assert nlp(t).text == t


def test_round_trip_ws_mode_and_multisyllable_words():
    nlp = get_nlp("ws")
    doc = nlp("Chủ tịch UBND tỉnh Phú Thọ thăm xã Tam Nông thủy lợi")
    assert doc.text == "Chủ tịch UBND tỉnh Phú Thọ thăm xã Tam Nông thủy lợi"
    words = [t.text for t in doc]
    assert "Chủ tịch" in words
    # forced boundary at the gazetteer span: "Tam Nông thủy lợi" is not one token
    assert "Tam Nông" in words


def test_registered_tokenizer_in_config():
    nlp = spacy.blank("xx", config={"nlp": {"tokenizer": {"@tokenizers": "lantoa.vi_tokenizer.v1",
                                                           "mode": "syllable"}}})
    assert nlp("a  b\n c").text == "a  b\n c"


def test_ner_tags_exposed_on_tokens():
    doc = get_nlp("ner")("Ông Nguyễn Văn Nam đến Hà Nội.")
    tags = [t._.ut_ner for t in doc]
    assert any(tag.endswith("LOC") for tag in tags)


def test_sentences():
    t = "Ông A nói. Bà B đáp!\nHết"
    assert [t[s:e] for s, e in split_sentences(t)] == ["Ông A nói.", "Bà B đáp!", "Hết"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_round_trip_any_text_syllable_mode(text):
    nlp = _SYL
    assert nlp(text).text == text


_SYL = build_nlp("syllable")
