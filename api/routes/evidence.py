"""Evidence: an article's captures (SHA-256, capture time), an exportable bundle, and bundle verification.
Every view and export is written to the audit log."""

from __future__ import annotations

import tempfile
import zipfile
import zlib
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Path, Request, UploadFile
from fastapi.responses import Response

from api.auth import Principal, Role, audit, require_roles, roles_doc
from api.deps import Reader
from api.routes.common import responses
from api.schemas import ArticleEvidence, BundleVerification
from common.errors import NotFoundError
from graph.repository import GraphReader
from graph.settings import get_path_settings

router = APIRouter(prefix="/evidence", tags=["evidence"])

ROLES = (Role.INSPECTOR, Role.INVESTIGATOR, Role.POLICE_LIAISON)
Caller = Annotated[Principal, Depends(require_roles(*ROLES))]
ArticleId = Annotated[str, Path(min_length=1, max_length=2000)]
MAX_BUNDLE_BYTES = 200 * 1024 * 1024


def _store():
    from etl.evidence import EvidenceStore

    return EvidenceStore(get_path_settings().evidence_dir)


def article_evidence(reader: GraphReader, article_id: str) -> dict[str, Any]:
    rows = reader.read("read/article_evidence", {"id": article_id})
    if not rows:
        raise NotFoundError(f"không có bài báo {article_id!r}")
    out = dict(rows[0])
    store = _store()
    caps = []
    for c in out["captures"]:
        sha = c.get("sha256")
        stored = bool(sha) and len(sha) == 64 and store.blob_path(sha).exists()
        caps.append({**c, "stored": stored, "verified": None})
    if not caps and out.get("evidence_sha256"):
        sha = out["evidence_sha256"]
        try:
            for cap in store.captures(sha):
                caps.append({"capture_id": cap.capture_id, "sha256": cap.sha256, "url": cap.url,
                             "final_url": cap.final_url, "status": cap.status, "captured_at": cap.captured_at,
                             "size": cap.size, "stored": store.blob_path(sha).exists(), "verified": None})
        except Exception:  # noqa: BLE001 - a malformed sha is simply "no stored capture"
            pass
    out["captures"] = caps
    return out


@router.get("/articles/{article_id}", response_model=ArticleEvidence, responses=responses(404),
            summary="Bằng chứng của một bài báo: các lần lưu trang, SHA-256, thời điểm lưu, các bản sao",
            description="Mỗi lần xem được ghi nhật ký kiểm toán.\n\n" + roles_doc(*ROLES))
def evidence(article_id: ArticleId, request: Request, principal: Caller, reader: Reader) -> dict:
    out = article_evidence(reader, article_id)
    audit(request, principal, "evidence.view", f"article:{article_id}")
    return out


@router.get("/articles/{article_id}/bundle", responses={
    **responses(404, 409), 200: {"content": {"application/zip": {}}, "description": "Gói bằng chứng (zip)"}},
    response_class=Response,
    summary="Tải gói bằng chứng (trang đã lưu, siêu dữ liệu lưu trang, chuỗi bản sao, manifest SHA-256)",
    description="Trang được kiểm lại với SHA-256 khi đóng gói (409 nếu đã bị sửa). Ghi nhật ký kiểm toán.\n\n"
                + roles_doc(*ROLES))
def bundle(article_id: ArticleId, request: Request, principal: Caller, reader: Reader) -> Response:
    from etl.evidence import export_bundle

    ev = article_evidence(reader, article_id)
    cap = next((c for c in ev["captures"] if c.get("sha256") == ev.get("evidence_sha256")), None)
    article = {"id": ev["id"], "url": ev["url"], "title": ev["title"], "evidence_sha256": ev["evidence_sha256"],
               "capture_id": cap["capture_id"] if cap else None, "published_at": ev["published_at"],
               "detected_at": ev["detected_at"]}
    if not article["evidence_sha256"]:
        raise NotFoundError(f"bài báo {article_id!r} chưa có bản lưu trang")
    with tempfile.TemporaryDirectory() as tmp:
        path = export_bundle(_store(), article=article, copies=[
            {k: c.get(k) for k in ("id", "url", "evidence_sha256", "similarity", "direction")}
            for c in ev["copies"] if c.get("evidence_sha256")], out=FsPath(tmp) / "bundle.zip")
        data = path.read_bytes()
    audit(request, principal, "evidence.export", f"article:{article_id}", {"bytes": len(data)})
    safe = "".join(ch if ch.isalnum() else "-" for ch in article_id)[:80]
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="bang-chung-{safe}.zip"'})


@router.post("/verify", response_model=BundleVerification, responses=responses(400),
             summary="Kiểm tra một gói bằng chứng (mọi tệp khớp manifest, trang khớp SHA-256)",
             description=roles_doc(*ROLES))
def verify(request: Request, principal: Caller, file: Annotated[UploadFile, File()]) -> dict:
    from etl.evidence import verify_bundle

    data = file.file.read(MAX_BUNDLE_BYTES + 1)
    if len(data) > MAX_BUNDLE_BYTES:
        raise HTTPException(400, "gói bằng chứng quá lớn")
    with tempfile.TemporaryDirectory() as tmp:
        p = FsPath(tmp) / "bundle.zip"
        p.write_bytes(data)
        try:
            rep = verify_bundle(p)
            out = {"ok": rep.ok, "checked": rep.checked, "problems": rep.problems, "article_id": rep.article_id}
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, KeyError) as e:
            # a corrupted archive is a failed verification, not a server error
            out = {"ok": False, "checked": 0, "problems": [f"gói bằng chứng bị hỏng: {e}"], "article_id": None}
    audit(request, principal, "evidence.verify", f"bundle:{out['article_id'] or '?'}", {"ok": out["ok"]})
    return out
