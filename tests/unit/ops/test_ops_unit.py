"""Offline checks of operations.backup (value encoding, archive verification), operations.retention (policy,
subjects) and operations.processing_record."""

from __future__ import annotations

import doctest
import hashlib
import io
import json
import tarfile
from datetime import UTC, datetime

import neo4j.spatial
import neo4j.time
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import operations.backup as backup
import operations.processing_record as record
import operations.retention as retention
from common.errors import ValidationError
from operations.backup import FORMAT, Manifest, decode_value, encode_value, verify_backup
from operations.retention import RetentionPolicy, Subject
from operations.settings import OpsSettings

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.text(max_size=20),
    st.floats(allow_nan=False), st.binary(max_size=20),
    st.builds(neo4j.time.Date, st.integers(1, 9999), st.integers(1, 12), st.integers(1, 28)),
    st.builds(lambda s, n: neo4j.time.Duration(months=s % 50, days=s % 30, seconds=s, nanoseconds=n),
              st.integers(0, 10**9), st.integers(0, 999_999_999)),
    st.builds(lambda x, y: neo4j.spatial.CartesianPoint((x, y)), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)),
    st.builds(lambda x, y: neo4j.spatial.WGS84Point((x, y)), st.floats(-180, 180), st.floats(-90, 90)),
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(scalars, st.lists(st.integers(), max_size=5), st.lists(st.text(max_size=5), max_size=5)))
def test_encode_decode_round_trip(v):
    enc = encode_value(v)
    json.loads(json.dumps(enc))  # plain JSON
    assert decode_value(json.loads(json.dumps(enc))) == v


def test_infinite_floats_and_zoned_datetimes():
    assert decode_value(encode_value(float("inf"))) == float("inf")
    dt = neo4j.time.DateTime(2025, 7, 1, 8, 30, 15, 123456789, tzinfo=UTC)
    back = decode_value(encode_value(dt))
    assert back == dt and back.nanosecond == 123456789
    with pytest.raises(backup.BackupError):
        encode_value(object())


def _archive(path, members: dict[str, bytes], *, manifest_files=None, key=None, extra=None):
    m = Manifest(format=FORMAT, mode="export", created_at="2025-07-01T00:00:00+00:00", database="neo4j",
                 server_version="5.26", counts={"nodes": 0, "relationships": 0}, labels={}, types={},
                 evidence_files=0,
                 files=manifest_files if manifest_files is not None else {
                     n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in members.items()})
    with tarfile.open(path, "w") as tf:
        for name, data in {**members, **(extra or {}), backup.MANIFEST: m.to_bytes()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        if key:
            data = (backup._hmac(key, m.to_bytes()) + "\n").encode()
            info = tarfile.TarInfo(backup.MANIFEST_HMAC)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def test_verify_accepts_a_consistent_archive_and_names_problems(tmp_path):
    import gzip

    page = b"<html>trang</html>"
    sha = hashlib.sha256(page).hexdigest()
    good = {f"evidence/objects/{sha[:2]}/{sha}.gz": gzip.compress(page), "graph/schema.json": b"{}"}
    assert verify_backup(_archive(tmp_path / "ok.tar", good)).ok
    assert verify_backup(_archive(tmp_path / "k.tar", good, key=b"k"), key=b"k").ok
    assert not verify_backup(_archive(tmp_path / "k2.tar", good, key=b"k"), key=b"other").ok
    # a blob whose content does not hash to its name, though the manifest agrees with it
    wrong = {f"evidence/objects/{sha[:2]}/{sha}.gz": gzip.compress(b"khac")}
    rep = verify_backup(_archive(tmp_path / "w.tar", wrong))
    assert not rep.ok and "does not hash" in rep.problems[0]
    rep = verify_backup(_archive(tmp_path / "x.tar", good, extra={"../escape": b"x"}))
    assert not rep.ok and any("safe relative name" in p for p in rep.problems)
    rep = verify_backup(_archive(tmp_path / "m.tar", good, manifest_files={**{
        n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in good.items()},
        "graph/nodes.jsonl.gz": {"sha256": "0" * 64, "size": 1}}))
    assert not rep.ok and "missing" in rep.problems[0]
    (tmp_path / "junk.tar").write_bytes(b"not a tar")
    assert not verify_backup(tmp_path / "junk.tar").ok


def test_foreign_manifest_format_is_refused(tmp_path):
    with tarfile.open(tmp_path / "f.tar", "w") as tf:
        data = json.dumps({"format": "something-else"}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    rep = verify_backup(tmp_path / "f.tar")
    assert not rep.ok and "not a Lan Tỏa backup" in rep.problems[0]


def test_policy_cutoffs_and_disabled_rules():
    cut = RetentionPolicy(30, 0, 10, 365).cutoffs(datetime(2026, 7, 1, tzinfo=UTC))
    assert cut["posts"] == "2026-06-01T00:00:00+00:00" and cut["accounts"] is None
    with pytest.raises(ValidationError):
        RetentionPolicy(1, 1, 1, 1).cutoffs(datetime(2026, 7, 1))
    assert RetentionPolicy.from_settings(OpsSettings(retention_post_days=7)).post_days == 7


def test_subject_normalisation():
    s = Subject.of(accounts=[" fb:Nguyen.An "], emails=["An@Example.VN"], phones=["0912 345 678", "+84-912-345-678"])
    assert s.account_ids == ["fb:Nguyen.An"] and s.emails == ["an@example.vn"]
    assert s.phones == ["0912345678", "84912345678"]
    for bad in ({"accounts": ["khong-co-nen-tang"]}, {"emails": ["khong-phai-email"]}, {"phones": ["12"]}, {}):
        with pytest.raises(ValidationError):
            Subject.of(**bad)


def test_processing_record_markdown_and_html():
    s = OpsSettings(controller_name="Sở <Thử>", retention_post_days=0)
    md = record.processing_record("md", settings=s, counts={"accounts": 1200, "posts": 3, "feedback": 1,
                                                             "feedback_contacts": 1})
    for heading in ("Bên Kiểm soát", "Mục đích xử lý", "Loại dữ liệu cá nhân", "Bên nhận", "Thời gian lưu trữ",
                    "Biện pháp bảo vệ", "Quyền của chủ thể", "Rủi ro"):
        assert heading in md
    assert "hiện có 1.200 tài khoản" in md and "không tự động xoá" in md
    page = record.processing_record("html", settings=s)
    assert "Sở &lt;Thử&gt;" in page and "<Thử>" not in page
    with pytest.raises(ValueError):
        record.processing_record("pdf")


@pytest.mark.parametrize("mod", [backup, retention])
def test_doctests(mod):
    res = doctest.testmod(mod)
    assert res.attempted > 0 and res.failed == 0


def test_evidence_and_keys_have_their_own_retention_clock(tmp_path):
    from datetime import timedelta

    from etl.evidence import EvidenceStore
    from operations.retention import RetentionPolicy, expired_blobs

    now = datetime(2025, 8, 1, tzinfo=UTC)
    cut = RetentionPolicy(0, 0, 0, 0, evidence_days=30, idempotency_key_days=7).cutoffs(now)
    assert cut["captures"] == (now - timedelta(days=30)).isoformat()
    assert cut["idempotency_keys"] == (now - timedelta(days=7)).isoformat() and cut["posts"] is None
    store = EvidenceStore(tmp_path)
    old = store.store(b"<html>old</html>", url="https://bao.vn/a", captured_at=now - timedelta(days=90))
    both = store.store(b"<html>both</html>", url="https://bao.vn/b", captured_at=now - timedelta(days=90))
    store.store(b"<html>both</html>", url="https://bao.vn/b2", captured_at=now - timedelta(days=2))  # captured again
    store.store(b"<html>new</html>", url="https://bao.vn/c", captured_at=now - timedelta(days=2))
    assert expired_blobs(tmp_path, now - timedelta(days=30)) == [old.sha256]
    assert both.sha256 not in expired_blobs(tmp_path, now - timedelta(days=30))


def test_the_processing_record_names_evidence_and_its_retention():
    s = OpsSettings(retention_evidence_days=400)
    md = record.processing_record("md", settings=s, counts={"accounts": 1, "posts": 1, "feedback": 1,
                                                             "feedback_contacts": 1, "captures": 12})
    assert "hiện có 1 bản ghi" in md and "hiện có 12 bản chụp" in md and "400 ngày" in md
