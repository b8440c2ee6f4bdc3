"""Pen names: a byline joins the one fuller name it ends at the same outlet, never on weaker evidence."""

import unicodedata

from graph.analytics.identity import pen_name_links


def _r(jid: str, name: str, outlet: str = "a.vn", **kw) -> dict:
    return {"id": jid, "name": name, "outlet": outlet, "articles": 1, **kw}


def test_case_and_unicode_form_are_ignored_diacritics_are_not() -> None:
    nfd = unicodedata.normalize("NFD", "Công Vinh")
    links = pen_name_links([_r("a", nfd), _r("b", "NGUYỄN CÔNG VINH"), _r("c", "Cong Vinh")])
    assert [(x.alias_id, x.canonical_id) for x in links] == [("a", "b")]
    assert "Nguyễn" not in links[0].reason and "NGUYỄN CÔNG VINH" in links[0].reason


def test_one_syllable_and_registered_names_are_never_aliases() -> None:
    rows = [_r("v", "Vinh"), _r("b", "Nguyễn Công Vinh"), _r("reg", "Công Vinh", registered=True)]
    assert pen_name_links(rows) == []


def test_other_outlets_and_ambiguous_endings_link_nothing() -> None:
    rows = [_r("th", "Thị Hạnh"), _r("q", "Quách Thị Hạnh"), _r("l", "Lê Thị Hạnh"),
            _r("cv", "Công Vinh", outlet="b.vn"), _r("ncv", "Nguyễn Công Vinh", outlet="a.vn")]
    assert pen_name_links(rows) == []


def test_middle_names_dropped_too_and_the_longest_is_not_required() -> None:
    rows = [_r("v", "Công Vinh"), _r("n", "Nguyễn Công Vinh"), _r("x", "Trần Văn Nam")]
    assert [(x.alias_id, x.canonical_id) for x in pen_name_links(rows)] == [("v", "n")]
    rows = [_r("v", "Văn Nam"), _r("n", "Trần Văn Nam"), _r("m", "Nam")]
    assert [(x.alias_id, x.canonical_id) for x in pen_name_links(rows)] == [("v", "n")]
