"""Press outlets' online reports (issue 18): attachment checks and deadline computations (pure, offline)."""

from __future__ import annotations

import doctest
import io
import zipfile
from datetime import UTC, datetime, timedelta, timezone

import pytest

from casework import outlet_reports as orep

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
VN = timezone(timedelta(hours=7))


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
JAR = _zip({"META-INF/MANIFEST.MF": b"Main-Class: X\n"})


def test_doctests():
    res = doctest.testmod(orep, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.attempted and not res.failed


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("bao-cao.pdf", PDF, "pdf"), ("Báo cáo.docx", DOCX, "docx"), ("so-lieu.xlsx", XLSX, "xlsx"),
    ("van-ban.odt", ODT, "odt"), ("anh.png", PNG, "png"), ("anh.JPG", JPEG, "jpeg"), ("anh.jpeg", JPEG, "jpeg"),
])
def test_allowed_types_are_sniffed_from_the_content(name, data, kind):
    a = orep.check_attachment(name, data)
    assert (a.kind, a.size) == (kind, len(data))
    assert a.media_type == orep.MEDIA_TYPES[kind][0]


@pytest.mark.parametrize(("name", "data", "words"), [
    ("virus.exe", b"MZ\x90\x00", "không được nhận"),
    ("trang.html", b"<html><script>x</script>", "không được nhận"),
    ("gia-mao.pdf", b"MZ\x90\x00\x03", "nội dung không phải"),  # an executable renamed .pdf
    ("gia-mao.pdf", b"<html>%PDF-1.4", "nội dung không phải"),
    ("anh.pdf", PNG, "đổi đuôi"),  # a real PNG named .pdf
    ("van-ban.docx", XLSX, "đổi đuôi"),
    ("app.docx", JAR, "nội dung không phải"),  # a ZIP that is no office document
    ("rong.pdf", b"", "rỗng"),
    ("khong-duoi", PDF, "phần mở rộng"),
    ("..", PDF, "không hợp lệ"),
])
def test_disguised_or_unknown_files_are_refused_with_a_vietnamese_reason(name, data, words):
    with pytest.raises(orep.AttachmentError) as e:
        orep.check_attachment(name, data)
    assert words in str(e.value)


def test_size_limit():
    orep.check_attachment("a.pdf", PDF + b"x" * 100, max_bytes=len(PDF) + 100)
    with pytest.raises(orep.AttachmentError, match="quá lớn"):
        orep.check_attachment("a.pdf", PDF + b"x" * 101, max_bytes=len(PDF) + 100)


@pytest.mark.parametrize(("raw", "safe"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\system32\\a.pdf", "a.pdf"),
    ("/abs/path/x.pdf", "x.pdf"),
    ("a\x00b\r\n.pdf", "ab.pdf"),
    ("..hidden.pdf", "hidden.pdf"),
    ("a<b>:c|d?.pdf", "a_b__c_d_.pdf"),
    ("Ba\u0301o ca\u0301o.pdf", "Báo cáo.pdf"),  # NFD in, NFC out
])
def test_filenames_are_sanitised_no_traversal(raw, safe):
    out = orep.sanitise_filename(raw)
    assert out == safe
    assert "/" not in out and "\\" not in out and not out.startswith(".")


def test_long_filename_keeps_its_extension():
    out = orep.sanitise_filename("x" * 500 + ".docx")
    assert len(out) == orep.MAX_FILENAME and out.endswith(".docx")


def test_one_bad_file_refuses_all_and_too_many_files():
    with pytest.raises(orep.AttachmentError, match="virus.exe"):
        orep.check_attachments([("a.pdf", PDF), ("virus.exe", b"MZ")])
    with pytest.raises(orep.AttachmentError, match="tối đa"):
        orep.check_attachments([(f"a{i}.pdf", PDF) for i in range(orep.MAX_ATTACHMENTS + 1)])


def test_due_dates_periods_and_month_ends():
    first = datetime(2026, 1, 31, 17, 0, tzinfo=VN)
    assert orep.due_dates(first, "none", 5) == [first]
    q = orep.due_dates(first, "quarterly", 4)
    assert [d.strftime("%Y-%m-%d") for d in q] == ["2026-01-31", "2026-04-30", "2026-07-31", "2026-10-31"]
    y = orep.due_dates(datetime(2024, 2, 29, tzinfo=UTC), "yearly", 2)
    assert y[1].date().isoformat() == "2025-02-28"
    assert all(d.tzinfo is not None and d.hour == (17 if d.tzinfo == VN else 0) for d in q + y)
    with pytest.raises(orep.ValidationError):
        orep.due_dates(first, "weekly", 2)
    with pytest.raises(orep.ValidationError):
        orep.due_dates(first.replace(tzinfo=None), "monthly", 2)
    with pytest.raises(orep.ValidationError):
        orep.due_dates(first, "monthly", orep.MAX_OCCURRENCES + 1)
    with pytest.raises(orep.ValidationError, match="năm"):
        orep.due_dates(datetime(9999, 12, 31, tzinfo=UTC), "yearly", 2)


def test_due_status_boundaries():
    due = datetime(2026, 3, 10, 17, 0, tzinfo=VN)
    assert orep.due_status(due, due, due + timedelta(days=9)) == "on_time"  # exactly on the due time
    assert orep.due_status(due, due + timedelta(seconds=1), due) == "late"
    assert orep.due_status(due, None, due) == "pending"
    assert orep.due_status(due, None, due + timedelta(seconds=1)) == "missing"
    # the same instant in another time zone
    assert orep.due_status(due, due.astimezone(UTC), due) == "on_time"


def test_ids_are_content_derived():
    first = datetime(2026, 3, 10, tzinfo=VN)
    a = orep.request_id("u", "Báo cáo quý", first, "quarterly", ["b.vn", "a.vn"])
    assert a == orep.request_id("u", "Báo cáo quý", first, "quarterly", ["a.vn", "b.vn"])
    assert a != orep.request_id("u", "Báo cáo quý", first, "monthly", ["a.vn", "b.vn"])
    rows = orep.due_rows(a, orep.due_dates(first, "quarterly", 2), ["b.vn", "a.vn", "a.vn"])
    assert [(r["outlet_id"], r["seq"]) for r in rows] == [("a.vn", 1), ("a.vn", 2), ("b.vn", 1), ("b.vn", 2)]
    assert len({r["id"] for r in rows}) == 4
    assert orep.report_id("a.vn", "d", "t", None, ["y", "x"]) == orep.report_id("a.vn", "d", "t", None, ["x", "y"])
