"""Assemble an article's evidence bundle from the crawler's records (no database needed)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from common.errors import NotFoundError
from etl.config import EtlSettings
from etl.evidence import EvidenceStore, export_bundle
from etl.state import StateStore
from etl.urls import try_canonicalize


def export_article(article_id: str, *, out: Path | None, state: StateStore, cfg: EtlSettings) -> Path:
    canonical = try_canonicalize(article_id) or article_id
    item = state.item(canonical)
    if item is None:
        raise NotFoundError(f"no crawled article {article_id}")
    article = {"id": item.canonical_url, "url": item.url, "title": item.title, "outlet": item.outlet,
               "published_at": item.published_at, "detected_at": item.detected_at,
               "evidence_sha256": item.evidence_sha256, "capture_id": item.capture_id,
               "content_hash": item.content_hash}
    copies = []
    for src, dst, sim in state.copies_of(canonical):
        for other, role in ((src, "copies"), (dst, "copied_from")):
            if other == canonical:
                continue
            o = state.item(other)
            copies.append({"id": other, "url": o.url if o else other, "title": o.title if o else None,
                           "published_at": o.published_at if o else None,
                           "evidence_sha256": o.evidence_sha256 if o else None,
                           "capture_id": o.capture_id if o else None, "similarity": sim,
                           "edge": {"source": src, "target": dst}, "relation": role})
    if out is None:
        out = cfg.state_path / "bundles" / f"{hashlib.sha256(canonical.encode()).hexdigest()[:16]}.zip"
    return export_bundle(EvidenceStore(cfg.evidence_path), article=article, copies=copies, out=out)
