"""The layers hold: each package imports only the packages below it (every import counts, also those inside
functions), and Cypher lives only in cypher/.

    common      the exception tree and shared value contracts; imports nothing of ours
    graph, nlp  the store with its pure analyses; pure text — import only common
    viz         maps, charts, report rendering — graph, common
    etl         crawling, extraction, loading — nlp, graph, common
    casework    the department's work with the results — graph, nlp, viz, common
    operations  backup, retention, data-subject requests — graph, nlp, viz, common
    api         the interfaces (routes, CLI, demo, evaluation) — everything
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
OURS = {"common", "graph", "nlp", "viz", "etl", "casework", "operations", "api", "cypher"}
ALLOWED: dict[str, set[str]] = {
    "common": set(),
    "graph": {"common", "cypher"},
    "nlp": {"common"},
    "viz": {"graph", "common"},
    "etl": {"nlp", "graph", "common"},
    "casework": {"graph", "nlp", "viz", "common"},
    "operations": {"graph", "nlp", "viz", "common"},
    "api": OURS - {"api"},
    "cypher": set(),
}


def _modules(package: str) -> list[Path]:
    return sorted(p for p in (REPO / package).rglob("*.py") if ".venv" not in p.parts)


def imported_packages(source: str, *, package: str) -> set[tuple[str, int]]:
    """Top-level packages of ours that a module imports, with the line (relative imports stay inside).

    >>> sorted(imported_packages("import graph.driver\\nfrom nlp import normalize\\nfrom . import x", package="etl"))
    [('graph', 1), ('nlp', 2)]
    """
    out: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".", 1)[0]
                if top in OURS:
                    out.add((top, node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            top = node.module.split(".", 1)[0]
            if top in OURS:
                out.add((top, node.lineno))
    return out


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_the_layers_below(package: str) -> None:
    bad = []
    for path in _modules(package):
        for top, line in imported_packages(path.read_text(encoding="utf-8"), package=package):
            if top != package and top not in ALLOWED[package]:
                bad.append(f"{path.relative_to(REPO)}:{line} imports {top}")
    assert not bad, f"{package} may import only {sorted(ALLOWED[package]) or 'nothing of ours'}:\n" + "\n".join(bad)


def test_every_package_is_in_the_contract() -> None:
    on_disk = {p.parent.name for p in REPO.glob("*/__init__.py")}
    assert on_disk <= OURS | {"tests", "bench"}, f"packages without a layer rule: {sorted(on_disk - OURS)}"


_STATEMENT = re.compile(
    r"\s*(MATCH|MERGE|OPTIONAL\s+MATCH|UNWIND|CALL\s*\{|CREATE\s+(CONSTRAINT|INDEX|FULLTEXT)|WITH\s+\$)[\s\(\$\{]")


def looks_like_cypher(text: str) -> bool:
    """A string literal that is a Cypher statement (prose that names a clause is not).

    >>> looks_like_cypher("MATCH (a:Article) RETURN a"), looks_like_cypher("UNWIND $rows AS row MERGE (x {id: row.id})")
    (True, True)
    >>> looks_like_cypher("match the handle"), looks_like_cypher("Stories MERGE when they turn out to be one")
    (False, False)
    """
    return bool(_STATEMENT.match(text))


def test_cypher_lives_only_in_the_catalogue() -> None:
    bad = []
    for package in sorted(OURS - {"cypher"}):
        for path in _modules(package):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and looks_like_cypher(node.value):
                    bad.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not bad, "Cypher outside cypher/: " + ", ".join(bad)
