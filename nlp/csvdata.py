"""Reading the CSV tables NLP depends on (gazetteer, agencies, office-holders): UTF-8, every value NFC with
the project's tone convention, and a clear :class:`DataError` when a file is missing or unreadable."""

from __future__ import annotations

import csv
from pathlib import Path

from common.errors import DataError
from nlp.normalize import nfc


def read_csv(path: Path, *, what: str = "data file", hint: str = "") -> list[dict[str, str]]:
    """Rows of ``path`` as dicts of normalised strings."""
    if not path.is_file():
        raise DataError(f"{what} missing: {path}{f' ({hint})' if hint else ''}")
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return [{k: nfc(v or "") for k, v in row.items()} for row in csv.DictReader(fh)]
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise DataError(f"cannot read {what} {path}: {e}") from e
