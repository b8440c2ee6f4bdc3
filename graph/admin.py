"""Administrative operations that are not loads: wiping a database (tests, `lantoa db wipe`)."""

from __future__ import annotations

import neo4j

from graph.repository import GraphWriter


def wipe(driver: neo4j.Driver, *, database: str = "neo4j") -> None:
    """Delete every node and relationship (constraints and indexes stay)."""
    writer = GraphWriter(driver, database=database)
    # CALL … IN TRANSACTIONS needs an auto-commit transaction; relationships go first so that deleting a dense
    # node never has to hold all its edges in one transaction
    writer.run_in_transactions("admin/wipe_relationships")
    writer.run_in_transactions("admin/wipe")
