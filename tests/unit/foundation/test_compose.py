"""docker-compose.yml runs the same Neo4j version as the local default, with a healthcheck."""

from __future__ import annotations

from pathlib import Path

import yaml

from graph.settings import NEO4J_VERSION

ROOT = Path(__file__).resolve().parents[3]


def test_compose_uses_the_local_neo4j_version():
    spec = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    neo = spec["services"]["neo4j"]
    assert neo["image"] == f"neo4j:{NEO4J_VERSION}-community"
    assert "healthcheck" in neo and neo["healthcheck"]["test"]
    assert all(p.startswith("127.0.0.1:") for p in neo["ports"])
    for svc in ("api", "scheduler"):
        assert spec["services"][svc]["depends_on"]["neo4j"]["condition"] == "service_healthy"
        assert spec["services"][svc]["environment"]["NEO4J_URI"].startswith("bolt://neo4j:")
    assert {"neo4j-data", "evidence"} <= set(spec["volumes"])


def test_pom_pins_the_same_version():
    pom = (ROOT / "graph" / "server" / "pom.xml").read_text()
    assert f"<neo4j.version>{NEO4J_VERSION}</neo4j.version>" in pom
