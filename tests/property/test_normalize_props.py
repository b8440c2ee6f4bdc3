"""Properties of nlp.normalize: idempotence, NFC output, tone convention, offsets that stay inside the
original and cover it."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from nlp.normalize import fix_tone_placement, nfc, normalize

VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VI += VI.upper()
vi_text = st.text(alphabet=st.sampled_from(list(VI + " \n\t.,;:!?-–\u00a0\u200b&<>/\"'0123456789")), max_size=120)
# decomposed input, HTML-ish bits and old-style tones, mixed in
messy = st.one_of(
    vi_text,
    vi_text.map(lambda s: unicodedata.normalize("NFD", s)),
    st.lists(st.sampled_from(["Hoà", "thuỷ", "Uỷ ban", "&amp;", "&nbsp;", "<br>", "<p>", "</div>", "  ", "\r\n",
                              "Phú Thọ", "Việt Trì", "\u0301", "x"]), max_size=30).map("".join),
    st.text(max_size=80),
)


@given(messy)
@example(" &nbsp;\n")  # regression (fixed in d48e944): was ' \n', then '\n' on a second pass
def test_normalize_is_idempotent(s):
    once = normalize(s).text
    assert normalize(once).text == once


@given(messy)
@example("OÀ\u0300")  # regression (fixed in d48e944): moving a stacked tone left 'A' + U+0300 (not NFC)
def test_output_is_nfc_with_one_tone_convention(s):
    out = normalize(s).text
    assert unicodedata.is_normalized("NFC", out)
    assert fix_tone_placement(out) == out


@given(messy)
@example("OÀ\u0300")
def test_nfc_helper_is_idempotent_and_tone_fix_preserves_length(s):
    n = nfc(s)
    assert nfc(n) == n
    t = unicodedata.normalize("NFC", s)
    assert len(fix_tone_placement(t)) == len(t)


@given(messy, st.data())
def test_offsets_map_inside_the_original(s, data):
    norm = normalize(s)
    n = len(norm.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    a, b = norm.to_original(start, end)
    assert 0 <= a <= b <= len(s)
    whole = norm.to_original(0, n)
    if n:
        assert whole[1] <= len(s) and whole[0] <= a


@given(vi_text)
def test_plain_nfc_text_maps_to_itself(s):
    """Text already normal (no HTML, single spaces, NFC, new tones) maps character for character."""
    s = " ".join(fix_tone_placement(unicodedata.normalize("NFC", s)).split())
    norm = normalize(s)
    if norm.text == s:
        for i in range(len(s)):
            a, b = norm.to_original(i, i + 1)
            assert s[a:b] == norm.text[i]
