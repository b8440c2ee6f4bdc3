"""Assemble an article's evidence bundle from the crawler's records (no database needed), and verify a bundle
against them: the evidence store's pages and capture records, the crawl's record of the article, and the
deployment's signature."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from common.errors import NotFoundError
from etl.config import EtlSettings
from etl.evidence import EvidenceStore, VerifyReport, export_bundle, same_value, verify_bundle
from etl.state import StateStore
from etl.urls import try_canonicalize

# fields of the bundle's article record that must equal the crawler's own record of the article
_RECORDED = ("evidence_sha256", "capture_id", "detected_at", "published_at", "content_hash")


def export_article(article_id: str, *, out: Path | None, state: StateStore, cfg: EtlSettings) -> Path:
    canonical = try_canonicalize(article_id) or article_id
    item = state.item(canonical)
    if item is None:
        raise NotFoundError(f"không có bài báo nào đã thu thập với mã {article_id!r} (mã bài là URL chuẩn của bài; "
                            "xem danh sách bài đã thu thập hoặc chạy thu thập trước)")
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


def verify_against_store(path: Path, *, state: StateStore | None, cfg: EtlSettings) -> VerifyReport:
    """:func:`etl.evidence.verify_bundle` against this deployment: its evidence store and signing key, and (with
    ``state``) the crawler's record of the article (detection time, publication time, capture)."""
    rep = verify_bundle(path, store=EvidenceStore(cfg.evidence_path))
    if state is None or rep.article_id is None:
        return rep
    try:
        with zipfile.ZipFile(path) as zf:
            article = json.loads(zf.read("record.json")).get("article", {})
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return rep
    item = state.item(try_canonicalize(rep.article_id) or rep.article_id)
    if item is None:
        rep.problems.append(f"article {rep.article_id} is not in this deployment's crawl records")
    else:
        for k in _RECORDED:
            if k in article and not same_value(article[k], getattr(item, k, None)):
                rep.problems.append(f"record.json: {k} is {article[k]!r} in the bundle but "
                                    f"{getattr(item, k, None)!r} in the crawl records")
    rep.ok = not rep.problems
    return rep
