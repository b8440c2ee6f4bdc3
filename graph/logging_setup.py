"""Logging is configured once per process, by the CLI command or the API lifespan."""

from __future__ import annotations

import logging
import sys

_configured = False


def configure_logging(level: str | int | None = None) -> None:
    """Configure the root logger once; later calls only change the level."""
    global _configured
    lvl = level if level is not None else "INFO"
    if isinstance(lvl, str):
        lvl = logging.getLevelName(lvl.upper())
    root = logging.getLogger()
    if not _configured:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        for noisy in ("neo4j", "scrapy.core.engine", "urllib3", "httpx"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        # the server's query notifications (e.g. "property does not exist yet" on a young graph) are not errors
        logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
        _configured = True
    root.setLevel(lvl)
