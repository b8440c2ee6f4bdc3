"""What the database holds: version and node counts by label (for /health and `lantoa db status`)."""

from __future__ import annotations

from typing import Any

import neo4j

from graph import cypher_loader
from graph.model import Label


def database_status(driver: neo4j.Driver, *, database: str = "neo4j") -> dict[str, Any]:
    def work(tx: neo4j.ManagedTransaction) -> dict[str, Any]:
        version = tx.run(cypher_loader.load("read/server_version").text).single()
        counts = {
            r["label"]: r["count"] for r in tx.run(cypher_loader.load("read/count_by_label").text)
        }
        return {
            "neo4j_version": version["version"] if version else None,
            "edition": version["edition"] if version else None,
            "nodes_by_label": {label.value: int(counts.get(label.value, 0)) for label in Label},
        }

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s:
        return s.execute_read(work)
