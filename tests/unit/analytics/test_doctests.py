"""Every docstring example in graph.analytics runs and gives what it shows."""

import doctest
import importlib

import pytest

MODULES = [
    "edges", "communities", "describe", "influence", "events", "lsh", "cascades", "origins",
    "amplifiers", "coordination", "propagation", "evaluation", "synthetic", "io", "untimed", "silence",
    "identity",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    mod = importlib.import_module(f"graph.analytics.{name}")
    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert res.attempted > 0, f"{name} has no docstring example"
    assert res.failed == 0


def test_graph_does_not_import_other_packages() -> None:
    import pathlib
    import re

    root = pathlib.Path(importlib.import_module("graph.analytics").__file__).parent
    for path in root.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+(etl|nlp|api|viz)\b", text, re.M), path.name
