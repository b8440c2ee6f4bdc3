"""The one loader for named Cypher statements kept in ``cypher/**.cypher``.

Each file holds one statement and starts with header comments::

    // name: load/articles            (optional; the path is the name)
    // purpose: what it does, in one line
    // params: rows                   (comma-separated; "none" when it takes none)
    // mode: write                    (read | write | schema)
    // commit: auto                   (only for CALL … IN TRANSACTIONS, which commits its own batches)

Statements are loaded by name (``"load/articles"``), cached, and checked: the ``$params`` used in the
body must be exactly the ones the header declares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from common.errors import CypherCatalogError

_NAME_RE = re.compile(r"^[a-z0-9_]+(/[a-z0-9_]+)*$")
_PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_HEADER_RE = re.compile(r"^//\s*([a-z_]+)\s*:\s*(.*)$")
# strings and comments in one scan, so "//" inside a string and a quote inside a comment are both right
_STRING_OR_COMMENT_RE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*")
_COMMENT_RE = re.compile(r"//[^\n]*")


@dataclass(frozen=True, slots=True)
class Statement:
    name: str
    text: str
    params: tuple[str, ...]
    mode: str
    purpose: str
    header: dict[str, str]


def _root():
    return resources.files("cypher")


def used_params(text: str) -> set[str]:
    """The ``$params`` a statement body uses (comments and string literals ignored)."""
    body = _STRING_OR_COMMENT_RE.sub(lambda m: "" if m.group(0).startswith("//") else "''", text)
    return set(_PARAM_RE.findall(body))


def parse(name: str, source: str) -> Statement:
    header: dict[str, str] = {}
    for line in source.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith("//"):
            break
        m = _HEADER_RE.match(line)
        if m:
            key, value = m.group(1), m.group(2).strip()
            header[key] = (header[key] + " " + value) if key in header else value
    if "params" not in header:
        raise CypherCatalogError(f"cypher/{name}.cypher has no '// params:' header")
    declared_raw = header["params"].strip()
    declared = () if declared_raw in ("", "none", "-") else tuple(
        p.strip().lstrip("$") for p in declared_raw.split(",") if p.strip()
    )
    used = used_params(source)
    if set(declared) != used:
        raise CypherCatalogError(
            f"cypher/{name}.cypher declares params {sorted(declared)} but uses {sorted(used)}"
        )
    mode = header.get("mode", "read")
    if mode not in ("read", "write", "schema"):
        raise CypherCatalogError(f"cypher/{name}.cypher has unknown mode {mode!r}")
    if header.get("commit", "auto") != "auto" or ("commit" in header and mode != "write"):
        raise CypherCatalogError(f"cypher/{name}.cypher: '// commit:' may only be 'auto', on a write statement")
    return Statement(name=name, text=source, params=declared, mode=mode,
                     purpose=header.get("purpose", ""), header=header)


@cache
def load(name: str) -> Statement:
    """Load the statement ``cypher/<name>.cypher`` (e.g. ``"load/articles"``)."""
    if not _NAME_RE.match(name):
        raise CypherCatalogError(f"invalid statement name {name!r}")
    path = _root().joinpath(*f"{name}.cypher".split("/"))
    if not path.is_file():
        raise CypherCatalogError(f"no Cypher statement named {name!r}")
    return parse(name, path.read_text(encoding="utf-8"))


def names(folder: str) -> list[str]:
    """Names of the statements in one folder of the catalogue (``"reports"`` → ``reports/daily_digest`` …)."""
    if not _NAME_RE.match(folder):
        raise CypherCatalogError(f"invalid folder name {folder!r}")
    base = _root().joinpath(folder)
    if not base.is_dir():
        return []
    return sorted(
        f"{folder}/{entry.name[:-len('.cypher')]}"
        for entry in base.iterdir()
        if entry.name.endswith(".cypher")
    )


def all_names() -> list[str]:
    out: list[str] = []
    for entry in _root().iterdir():
        if entry.is_dir() and not entry.name.startswith(("_", ".")):
            out.extend(names(entry.name))
    return sorted(out)
