from __future__ import annotations

import re
from pathlib import Path

import pytest

from common.errors import CypherCatalogError
from graph import cypher_loader

CYPHER_DIR = Path(cypher_loader.__file__).resolve().parent.parent / "cypher"


def all_files() -> list[str]:
    return sorted(str(p.relative_to(CYPHER_DIR))[: -len(".cypher")] for p in CYPHER_DIR.rglob("*.cypher"))


def test_catalogue_is_not_empty():
    assert len(all_files()) > 30
    assert set(cypher_loader.all_names()) == set(all_files())


@pytest.mark.parametrize("name", all_files())
def test_every_statement_declares_exactly_the_params_it_uses(name):
    stmt = cypher_loader.load(name)
    assert set(stmt.params) == cypher_loader.used_params(stmt.text)
    assert stmt.mode in ("read", "write", "schema")
    assert stmt.purpose, f"{name} has no '// purpose:' header"


@pytest.mark.parametrize("name", [n for n in all_files() if n.startswith("reports/")])
def test_reports_are_read_only(name):
    stmt = cypher_loader.load(name)
    assert stmt.mode == "read"
    body = cypher_loader._COMMENT_RE.sub("", stmt.text).upper()
    for keyword in ("CREATE", "MERGE", "DELETE", "SET", "REMOVE", "DROP", "LOAD CSV", "FOREACH"):
        assert not re.search(rf"\b{keyword}\b", body), f"{name} contains {keyword}"


def test_header_mismatch_is_reported():
    with pytest.raises(CypherCatalogError, match="declares params"):
        cypher_loader.parse("x/y", "// purpose: t\n// params: a\nRETURN $a, $b")
    with pytest.raises(CypherCatalogError, match="no '// params:'"):
        cypher_loader.parse("x/y", "// purpose: t\nRETURN 1")


def test_params_in_strings_and_comments_are_not_counted():
    stmt = cypher_loader.parse("x/y", "// params: a\nRETURN $a, '$notaparam' // $nor_this\n")
    assert stmt.params == ("a",)


@pytest.mark.parametrize("bad", ["../etc/passwd", "reports/../../x", "Reports/X", "", "a b", "reports/x;y"])
def test_path_injection_in_names_is_refused(bad):
    with pytest.raises(CypherCatalogError):
        cypher_loader.load(bad)


def test_unknown_statement():
    with pytest.raises(CypherCatalogError, match="no Cypher statement"):
        cypher_loader.load("reports/does_not_exist")


def test_quotes_in_comments_and_slashes_in_strings():
    src = "// purpose: the outlet's articles\n// params: a\nRETURN 'http://x.vn/' + $a // it's fine\n"
    assert cypher_loader.parse("x/y", src).params == ("a",)


def test_node_counts_cover_every_label_of_the_model():
    from graph.model import Label

    text = cypher_loader.load("read/count_by_label").text
    counted = set(re.findall(r"MATCH \(n:(\w+)\) RETURN '(\w+)' AS label", text))
    assert counted == {(label.value, label.value) for label in Label}


@pytest.mark.parametrize("name", all_files())
def test_statements_that_commit_their_own_batches_say_so(name):
    """``CALL … IN TRANSACTIONS`` fails inside a managed transaction: exactly those statements carry
    ``// commit: auto``, and the repository runs them (and only them) auto-commit."""
    stmt = cypher_loader.load(name)
    body = cypher_loader._COMMENT_RE.sub("", stmt.text).upper()
    assert ("IN TRANSACTIONS" in body) == (stmt.header.get("commit") == "auto"), name


def test_commit_header_is_checked():
    with pytest.raises(CypherCatalogError, match="commit"):
        cypher_loader.parse("x/y", "// purpose: t\n// params: none\n// mode: read\n// commit: auto\nRETURN 1")
    with pytest.raises(CypherCatalogError, match="commit"):
        cypher_loader.parse("x/y", "// purpose: t\n// params: none\n// mode: write\n// commit: later\nRETURN 1")
