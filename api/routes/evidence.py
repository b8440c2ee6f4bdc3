"""Evidence: an article's captures (SHA-256, capture time), an exportable bundle, and bundle verification.
Every view and export is written to the audit log."""

from __future__ import annotations

import json
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


_VIEW = {"response_model": ArticleEvidence, "responses": responses(404),
         "summary": "Bằng chứng của một bài báo: các lần lưu trang, SHA-256, thời điểm lưu, các bản sao",
         "description": "Mã bài là URL chuẩn của bài (có thể chứa dấu /). Mỗi lần xem được ghi nhật ký kiểm toán."
                        "\n\n" + roles_doc(*ROLES)}
_BUNDLE = {"responses": {**responses(404, 409),
                         200: {"content": {"application/zip": {}}, "description": "Gói bằng chứng (zip)"}},
           "response_class": Response,
           "summary": "Tải gói bằng chứng (trang đã lưu, siêu dữ liệu lưu trang, chuỗi bản sao, manifest SHA-256, "
                      "chữ ký của hệ thống)",
           "description": "Trang được kiểm lại với SHA-256 khi đóng gói (409 nếu đã bị sửa); manifest được ký bằng "
                          "khóa của hệ thống (HMAC-SHA256). Ghi nhật ký kiểm toán.\n\n" + roles_doc(*ROLES)}


# Article ids are URLs ("https://baophutho.vn/a-1.htm"): the documented routes take one path segment (an id with
# its "/" percent-encoded still arrives decoded, so it would not match), and an undocumented ``:path`` twin of each
# takes the id whole, as the story page links to it. The bundle twin comes first: ".../bundle" is a longer match.
@router.get("/articles/{article_id}", **_VIEW)
def evidence(article_id: ArticleId, request: Request, principal: Caller, reader: Reader) -> dict:
    out = article_evidence(reader, article_id)
    audit(request, principal, "evidence.view", f"article:{article_id}")
    return out


@router.get("/articles/{article_id}/bundle", **_BUNDLE)
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


@router.get("/articles/{article_id:path}/bundle", include_in_schema=False, **_BUNDLE)
def bundle_by_url(article_id: ArticleId, request: Request, principal: Caller, reader: Reader) -> Response:
    return bundle(article_id, request, principal, reader)


@router.get("/articles/{article_id:path}", include_in_schema=False, **_VIEW)
def evidence_by_url(article_id: ArticleId, request: Request, principal: Caller, reader: Reader) -> dict:
    return evidence(article_id, request, principal, reader)


_RECORDED = ("evidence_sha256", "published_at", "detected_at")


def _graph_problems(reader: GraphReader, bundle_path: FsPath) -> list[str]:
    """The bundle's article record against the graph's (publication and detection times, capture hash)."""
    from etl.evidence import same_value

    try:
        with zipfile.ZipFile(bundle_path) as zf:
            article = json.loads(zf.read("record.json")).get("article", {})
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return []
    if not article.get("id"):
        return []
    rows = reader.read("read/article_evidence", {"id": article["id"]})
    if not rows:
        return [f"bài báo {article['id']!r} không có trong cơ sở dữ liệu của hệ thống"]
    mine = dict(rows[0])
    return [f"record.json: {k} là {article[k]!r} trong gói nhưng {mine.get(k)!r} trong cơ sở dữ liệu"
            for k in _RECORDED if k in article and k in mine and not same_value(article[k], mine.get(k))]


@router.post("/verify", response_model=BundleVerification, responses=responses(400),
             summary="Kiểm tra một gói bằng chứng (mọi tệp khớp manifest, trang khớp SHA-256, chữ ký của hệ thống, "
                     "trang và thời điểm lưu khớp kho chứng cứ và cơ sở dữ liệu)",
             description="Gói có thời điểm bị sửa lùi và mã băm tính lại bị từ chối: chữ ký không khớp, và bản lưu "
                         "trong kho chứng cứ ghi thời điểm khác.\n\n" + roles_doc(*ROLES))
def verify(request: Request, principal: Caller, reader: Reader, file: Annotated[UploadFile, File()]) -> dict:
    from etl.evidence import verify_bundle

    data = file.file.read(MAX_BUNDLE_BYTES + 1)
    if len(data) > MAX_BUNDLE_BYTES:
        raise HTTPException(400, "gói bằng chứng quá lớn")
    with tempfile.TemporaryDirectory() as tmp:
        p = FsPath(tmp) / "bundle.zip"
        p.write_bytes(data)
        try:
            rep = verify_bundle(p, store=_store())
            problems = rep.problems + _graph_problems(reader, p)
            out = {"ok": not problems, "checked": rep.checked, "problems": problems, "article_id": rep.article_id}
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, KeyError) as e:
            # a corrupted archive is a failed verification, not a server error
            out = {"ok": False, "checked": 0, "problems": [f"gói bằng chứng bị hỏng: {e}"], "article_id": None}
    audit(request, principal, "evidence.verify", f"bundle:{out['article_id'] or '?'}", {"ok": out["ok"]})
    return out
