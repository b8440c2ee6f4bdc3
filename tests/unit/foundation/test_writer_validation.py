"""Row validation happens before anything reaches the database."""

from __future__ import annotations

import pytest

from common.errors import ValidationError
from graph.repository import MAX_STRING_CHARS, validate_rows


def test_missing_key_is_a_clear_error():
    with pytest.raises(ValidationError, match=r"row 1 has no value for its key 'url'"):
        validate_rows("load/articles", [{"id": "a", "url": "u"}, {"id": "b"}], ("id", "url"))


def test_blank_key_is_refused():
    with pytest.raises(ValidationError, match="row 0"):
        validate_rows("s", [{"id": "   "}], ("id",))


def test_non_mapping_row():
    with pytest.raises(ValidationError, match="not an object"):
        validate_rows("s", ["just a string"], ("id",))  # type: ignore[list-item]


def test_huge_and_nul_strings():
    with pytest.raises(ValidationError, match="exceeds"):
        validate_rows("s", [{"id": "x", "text": "a" * (MAX_STRING_CHARS + 1)}], ("id",))
    with pytest.raises(ValidationError, match="NUL"):
        validate_rows("s", [{"id": "x", "authors": [{"name": "a\x00b"}]}], ("id",))


def test_ten_megabytes_is_accepted():
    validate_rows("s", [{"id": "x", "text": "ạ" * 10_000_000}], ("id",))
