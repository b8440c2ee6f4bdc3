"""Spiders: ``news`` (RSS/Atom, news sitemaps, section pages), ``channels`` (YouTube-style Atom channel
feeds) and ``fetch`` (fetch-only, the benchmark's baseline)."""
