"""Administrative operations that are not loads: wiping a database (tests, `lantoa db wipe`)."""

from __future__ import annotations

import neo4j

from graph import cypher_loader


def wipe(driver: neo4j.Driver, *, database: str = "neo4j") -> None:
    """Delete every node and relationship (constraints and indexes stay)."""
    with driver.session(database=database) as session:
        # CALL … IN TRANSACTIONS needs an implicit (auto-commit) transaction; relationships go first so that
        # deleting a dense node never has to hold all its edges in one transaction
        session.run(cypher_loader.load("admin/wipe_relationships").text).consume()
        session.run(cypher_loader.load("admin/wipe").text).consume()
