"""Evidence bundles signed by the deployment's key and verified against its store: a bundle whose capture times
were back-dated and whose hashes were recomputed is refused; a genuine one verifies (functions, API, CLI)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from common.errors import EvidenceError, NotFoundError
from etl.config import EtlSettings
from etl.evidence import (
    KEY_ENV,
    KEY_FILE_ENV,
    SIGNATURE_FILE,
    EvidenceStore,
    bundle_key,
    export_bundle,
    sha256_hex,
    verify_bundle,
)
from etl.evidence_bundle import export_article, verify_against_store
from etl.state import ItemRow, open_state

URL = "https://baophutho.vn/xa-hoi/cau-moi-123456.htm"
CAPTURED = datetime(2025, 7, 3, 1, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_deployment_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)


def _stored(tmp_path: Path):
    store = EvidenceStore(tmp_path / "evidence")
    cap = store.store("<html><body>Tỉnh Phú Thọ khánh thành cầu mới</body></html>".encode(), url=URL,
                      status=200, captured_at=CAPTURED)
    article = {"id": URL, "url": URL, "title": "Khánh thành cầu mới", "evidence_sha256": cap.sha256,
               "capture_id": cap.capture_id, "published_at": "2025-07-03T07:30:00+07:00",
               "detected_at": "2025-07-03T08:00:00+07:00"}
    return store, cap, article


def _forge(bundle: Path, out: Path, *, resign_with: bytes | None = None, drop_signature: bool = False) -> Path:
    """Back-date the capture and detection times, then recompute every hash as a forger would."""
    with zipfile.ZipFile(bundle) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    for name in list(files):
        if name.endswith(".capture.json"):
            cap = json.loads(files[name])
            cap["captured_at"] = "2025-07-01T01:00:00+00:00"
            files[name] = json.dumps(cap, indent=2, sort_keys=True).encode()
    record = json.loads(files["record.json"])
    record["article"]["detected_at"] = "2025-07-01T08:00:00+07:00"
    files["record.json"] = json.dumps(record, indent=2, sort_keys=True).encode()
    manifest = json.loads(files["manifest.json"])
    manifest["files"] = {n: sha256_hex(d) for n, d in sorted(files.items())
                         if n not in ("manifest.json", "manifest.sha256", SIGNATURE_FILE)}
    files["manifest.json"] = json.dumps(manifest, indent=2, sort_keys=True).encode()
    files["manifest.sha256"] = (sha256_hex(files["manifest.json"]) + "  manifest.json\n").encode()
    if resign_with is not None:
        sig = json.loads(files[SIGNATURE_FILE])
        sig["signature"] = hmac.new(resign_with, files["manifest.json"], hashlib.sha256).hexdigest()
        files[SIGNATURE_FILE] = json.dumps(sig).encode()
    if drop_signature:
        files.pop(SIGNATURE_FILE)
    with zipfile.ZipFile(out, "w") as zf:
        for n, d in files.items():
            zf.writestr(n, d)
    return out


def test_genuine_bundle_signed_with_a_0600_key_and_verified_against_the_store(tmp_path: Path) -> None:
    store, _, article = _stored(tmp_path)
    bundle = export_bundle(store, article=article, copies=[], out=tmp_path / "b.zip")
    key_file = store.root / "signing.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    with zipfile.ZipFile(bundle) as zf:
        sig = json.loads(zf.read(SIGNATURE_FILE))
    assert sig["alg"] == "HMAC-SHA256" and len(sig["signature"]) == 64
    rep = verify_bundle(bundle, store=store)
    assert rep.ok, rep.problems
    assert rep.article_id == URL


@pytest.mark.parametrize("how", ["recomputed", "resigned", "unsigned"])
def test_back_dated_bundle_with_recomputed_hashes_is_refused(tmp_path: Path, how: str) -> None:
    store, _, article = _stored(tmp_path)
    bundle = export_bundle(store, article=article, copies=[], out=tmp_path / "b.zip")
    forged = _forge(bundle, tmp_path / "forged.zip", resign_with=b"k" * 40 if how == "resigned" else None,
                    drop_signature=how == "unsigned")
    assert verify_bundle(forged).ok  # hashes alone cannot tell: that is why bundles are signed
    rep = verify_bundle(forged, store=store)
    assert not rep.ok
    assert any("signature" in p or "signed" in p for p in rep.problems), rep.problems
    assert any("captured_at" in p for p in rep.problems), rep.problems
    # the signature alone refuses it too (the key given in the environment, no store at hand)
    os.environ[KEY_ENV] = (store.root / "signing.key").read_text().strip()
    try:
        assert not verify_bundle(forged).ok
        assert verify_bundle(bundle).ok
    finally:
        del os.environ[KEY_ENV]


def test_key_from_environment_or_named_file_and_world_readable_key_refused(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert bundle_key(tmp_path / "none") is None
    monkeypatch.setenv(KEY_ENV, "short")
    with pytest.raises(EvidenceError):
        bundle_key()
    monkeypatch.setenv(KEY_ENV, "x" * 40)
    assert bundle_key() == b"x" * 40
    monkeypatch.delenv(KEY_ENV)
    key = tmp_path / "k.key"
    key.write_text("y" * 64)
    key.chmod(0o644)
    monkeypatch.setenv(KEY_FILE_ENV, str(key))
    with pytest.raises(EvidenceError, match="600"):
        bundle_key()
    key.chmod(0o600)
    assert bundle_key() == b"y" * 64


def _state_with(tmp_path: Path, article: dict):
    state = open_state(tmp_path / "state")
    state.mark_items([ItemRow(canonical_url=URL, url=URL, outlet="baophutho.vn", source="baophutho.vn",
                              title=article["title"], published_at=article["published_at"],
                              detected_at=article["detected_at"], content_hash=None,
                              evidence_sha256=article["evidence_sha256"], capture_id=article["capture_id"],
                              status="written", concerns=True, relevance=1.0, reasons=[])])
    return state


def test_export_from_crawl_records_and_verify_against_them(tmp_path: Path) -> None:
    store, _, article = _stored(tmp_path)
    state = _state_with(tmp_path, article)
    cfg = EtlSettings(evidence_dir=store.root, state_dir=tmp_path / "state")
    bundle = export_article(URL, out=tmp_path / "b.zip", state=state, cfg=cfg)
    assert verify_against_store(bundle, state=state, cfg=cfg).ok
    forged = _forge(bundle, tmp_path / "f.zip")
    rep = verify_against_store(forged, state=state, cfg=cfg)
    assert not rep.ok and any("detected_at" in p for p in rep.problems), rep.problems
    with pytest.raises(NotFoundError, match="không có bài báo"):
        export_article("https://baophutho.vn/khong-co.htm", out=None, state=state, cfg=cfg)


def test_cli_export_of_an_unknown_article_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.cli import app
    from etl.config import get_etl_settings
    from graph.settings import get_path_settings

    monkeypatch.setenv("LANTOA_ETL_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("LANTOA_ETL_EVIDENCE_DIR", str(tmp_path / "evidence"))
    get_etl_settings.cache_clear()
    get_path_settings.cache_clear()
    try:
        res = CliRunner().invoke(app, ["evidence", "export", "https://baophutho.vn/khong-co.htm"])
    finally:
        get_etl_settings.cache_clear()
        get_path_settings.cache_clear()
    assert (tmp_path / "state").exists()  # the test's own crawl records, not the developer's
    assert res.exit_code == 2, res.output
    assert not isinstance(res.exception, NotFoundError)  # handled: no traceback
    assert "không có bài báo" in res.output


def test_cli_verify_checks_against_the_store_and_refuses_a_forgery(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """`lantoa evidence verify`: a genuine bundle verifies; the back-dated one with recomputed hashes is refused
    (the command used to check the hashes only)."""
    from api.cli import app
    from etl.config import get_etl_settings
    from graph.settings import get_path_settings

    store, _, article = _stored(tmp_path)
    state = _state_with(tmp_path, article)
    cfg = EtlSettings(evidence_dir=store.root, state_dir=tmp_path / "state")
    bundle = export_article(URL, out=tmp_path / "b.zip", state=state, cfg=cfg)
    forged = _forge(bundle, tmp_path / "f.zip")
    monkeypatch.setenv("LANTOA_ETL_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("LANTOA_ETL_EVIDENCE_DIR", str(store.root))
    get_etl_settings.cache_clear()
    get_path_settings.cache_clear()
    try:
        ok = CliRunner().invoke(app, ["evidence", "verify", str(bundle)])
        bad = CliRunner().invoke(app, ["evidence", "verify", str(forged)])
    finally:
        get_etl_settings.cache_clear()
        get_path_settings.cache_clear()
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["ok"] is True
    assert bad.exit_code == 1, bad.output
    assert json.loads(bad.output)["ok"] is False
