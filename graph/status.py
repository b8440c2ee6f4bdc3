"""What the database holds: version and node counts by label (for /health and `lantoa db status`)."""

from __future__ import annotations

from typing import Any

import neo4j

from graph.model import Label
from graph.repository import GraphReader


def database_status(driver: neo4j.Driver, *, database: str = "neo4j") -> dict[str, Any]:
    reader = GraphReader(driver, database=database)
    version = next(iter(reader.read("read/server_version")), None)
    counts = {r["label"]: r["count"] for r in reader.read("read/count_by_label")}
    return {
        "neo4j_version": version["version"] if version else None,
        "edition": version["edition"] if version else None,
        "nodes_by_label": {label.value: int(counts.get(label.value, 0)) for label in Label},
    }
