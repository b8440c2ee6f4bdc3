"""Evidence routes offline (a stand-in reader, no Neo4j): article ids that are URLs reach the article, the
bundle downloads signed, and a forged bundle is refused while the genuine one verifies."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.auth import Principal, Role
from api.deps import get_reader
from api.errors import install_error_handlers
from api.routes import evidence as routes
from etl.evidence import KEY_ENV, KEY_FILE_ENV, SIGNATURE_FILE, EvidenceStore, sha256_hex

URL = "https://baophutho.vn/xa-hoi/cau-moi-123456.htm"


class FakeReader:
    def __init__(self, rows: dict[str, dict]) -> None:
        self.rows = rows

    def read(self, name: str, params: dict) -> list[dict]:
        assert name == "read/article_evidence"
        row = self.rows.get(params["id"])
        return [row] if row else []


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)
    store = EvidenceStore(tmp_path / "evidence")
    cap = store.store("<html><body>Cầu mới</body></html>".encode(), url=URL, status=200,
                      captured_at=datetime(2025, 7, 3, 1, 0, tzinfo=UTC))
    row = {"id": URL, "url": URL, "title": "Cầu mới", "evidence_sha256": cap.sha256,
           "published_at": "2025-07-03T07:30:00+07:00", "detected_at": "2025-07-03T08:00:00+07:00",
           "outlet_id": "baophutho.vn", "outlet_name": "Báo Phú Thọ",
           "captures": [{"capture_id": cap.capture_id, "sha256": cap.sha256, "url": URL, "final_url": URL,
                         "status": 200, "captured_at": cap.captured_at, "size": cap.size}], "copies": []}
    monkeypatch.setattr(routes, "_store", lambda: store)
    monkeypatch.setattr(routes, "audit", lambda *a, **k: {})
    app = FastAPI()
    install_error_handlers(app)
    app.include_router(routes.router)
    caller = routes.Caller.__metadata__[0].dependency
    app.dependency_overrides[caller] = lambda: Principal("insp", "insp", frozenset({Role.INSPECTOR}))
    app.dependency_overrides[get_reader] = lambda: FakeReader({URL: row, "art:0": {**row, "id": "art:0"}})
    return TestClient(app)


def test_article_ids_that_are_urls(client: TestClient) -> None:
    assert client.get("/evidence/articles/art:0").json()["id"] == "art:0"
    r = client.get(f"/evidence/articles/{URL}")
    assert r.status_code == 200, r.text
    assert r.json()["id"] == URL and r.json()["captures"][0]["stored"]
    # as the story page links to it (Jinja's urlencode keeps "/", encodes ":")
    r = client.get("/evidence/articles/https%3A//baophutho.vn/xa-hoi/cau-moi-123456.htm/bundle")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert client.get("/evidence/articles/https://baophutho.vn/khong-co.htm").status_code == 404


def test_openapi_documents_one_segment_routes_only(client: TestClient) -> None:
    paths = client.app.openapi()["paths"]
    assert "/evidence/articles/{article_id}" in paths and "/evidence/articles/{article_id}/bundle" in paths
    assert not any(":path" in p for p in paths)


def _forged(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    for name in list(files):
        if name.endswith(".capture.json"):
            cap = json.loads(files[name])
            cap["captured_at"] = "2025-07-01T01:00:00+00:00"
            files[name] = json.dumps(cap).encode()
    rec = json.loads(files["record.json"])
    rec["article"]["detected_at"] = "2025-07-01T08:00:00+07:00"
    files["record.json"] = json.dumps(rec).encode()
    files.pop(SIGNATURE_FILE)
    manifest = {"format": "lantoa-evidence-bundle/1",
                "files": {n: sha256_hex(d) for n, d in sorted(files.items())
                          if n not in ("manifest.json", "manifest.sha256")}}
    files["manifest.json"] = json.dumps(manifest).encode()
    files["manifest.sha256"] = (sha256_hex(files["manifest.json"]) + "  manifest.json\n").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, d in files.items():
            zf.writestr(n, d)
    return buf.getvalue()


def test_genuine_bundle_verifies_and_forged_one_is_refused(client: TestClient) -> None:
    data = client.get(f"/evidence/articles/{URL}/bundle").content
    ok = client.post("/evidence/verify", files={"file": ("b.zip", data, "application/zip")}).json()
    assert ok["ok"], ok["problems"]
    bad = client.post("/evidence/verify", files={"file": ("f.zip", _forged(data), "application/zip")}).json()
    assert not bad["ok"]
    text = " ".join(bad["problems"])
    assert "not signed" in text and "captured_at" in text and "detected_at" in text
