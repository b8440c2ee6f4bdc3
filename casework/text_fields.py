"""Checks for free-text fields that people type (cases) or import (registry spreadsheets)."""

from __future__ import annotations

import unicodedata

from common.errors import ValidationError


def bounded_text(value: str, key: str, *, required: bool = False, limit: int = 300,
                 noun: str = "trường") -> str | None:
    """NFC, stripped; None when empty (an error when ``required``); an error beyond ``limit`` characters.
    ``noun`` names the field in the Vietnamese message ("trường" for a form field, "cột" for a column).

    >>> bounded_text("  Hoà Bình ", "name")
    'Hoà Bình'
    >>> bounded_text("", "name") is None
    True
    """
    s = unicodedata.normalize("NFC", value).strip()
    if not s:
        if required:
            raise ValidationError(f"thiếu {noun} {key}")
        return None
    if len(s) > limit:
        raise ValidationError(f"{noun} {key} dài quá {limit} ký tự")
    return s
