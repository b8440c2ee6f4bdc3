import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.normalize import fix_tone_placement, nfc, normalize


def test_tone_placement_new_style():
    assert fix_tone_placement("hoà thuỷ Uỷ ban khoẻ HOÀ") == "hòa thủy Ủy ban khỏe HÒA"
    # closed syllables and "qu" keep their mark
    assert fix_tone_placement("hoàng quý thuyền") == "hoàng quý thuyền"


def test_nfd_input_maps_back_to_original_offsets():
    raw = unicodedata.normalize("NFD", "Tỉnh Hoà Bình và Việt Trì")
    n = normalize(raw)
    assert n.text == "Tỉnh Hòa Bình và Việt Trì"
    i = n.text.index("Việt Trì")
    s, e = n.to_original(i, i + len("Việt Trì"))
    assert unicodedata.normalize("NFC", raw[s:e]) == "Việt Trì"
    i = n.text.index("Hòa Bình")
    s, e = n.to_original(i, i + len("Hòa Bình"))
    assert nfc(raw[s:e]) == "Hòa Bình"


def test_html_entities_whitespace_zero_width():
    n = normalize("<p>Phú&nbsp;Thọ</p>\u200b  <b>mưa</b>\n\n\nlớn &amp; gió")
    assert "<" not in n.text and "&amp;" not in n.text
    assert "Phú Thọ" in n.text and "& gió" in n.text
    i = n.text.index("mưa")
    s, e = n.to_original(i, i + 3)
    assert n.original[s:e] == "mưa"


def test_empty_and_type_error():
    assert normalize("").text == ""
    try:
        normalize(None)  # type: ignore[arg-type]
    except TypeError:
        pass
    else:
        raise AssertionError("non-str input must raise TypeError")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăâeêioôơuưyđ \n\t<>&;bp/AĐ") + ["\u0300", "\u0301", "\u0323", "😀", "中"]),
               max_size=60))
def test_offsets_are_monotonic_and_in_bounds(text):
    n = normalize(text)
    last = 0
    for i in range(len(n.text)):
        s, e = n.to_original(i, i + 1)
        assert 0 <= s <= e <= len(text)
        assert s >= last or s == last
        last = s
    s, e = n.to_original(0, len(n.text))
    assert 0 <= s <= e <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdeghiklmnopqrstuvxyàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ ")),
               min_size=1, max_size=40))
def test_plain_vietnamese_spans_round_trip_through_nfd(text):
    # every whole word (entities never cut inside a syllable: the tone move of "oà"->"òa" stays inside it)
    raw = unicodedata.normalize("NFD", text)
    n = normalize(raw)
    for m in re.finditer(r"\w+", n.text):
        s, e = n.to_original(m.start(), m.end())
        assert nfc(raw[s:e]) == m.group(0)
