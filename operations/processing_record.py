"""The data-processing record (hồ sơ xử lý dữ liệu cá nhân) the operator files: Vietnamese Markdown or HTML,
built from the deployment's settings (controller, retention) and, when a database is given, live counts.

The headings follow what Decree 13/2023/NĐ-CP (Art. 24, impact-assessment dossier) and the Law on Personal
Data Protection No. 91/2025/QH15 ask a controller to document: who controls the data, purposes, categories
of data and of data subjects, recipients, transfers abroad, retention and deletion, security measures, the
data subjects' rights and how they are served, and the risks with their mitigations. It is a prefilled
draft: the operator's legal officer reviews it before filing.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import neo4j

from graph.repository import GraphReader
from operations.settings import OpsSettings, get_ops_settings


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    rows: list[tuple[str, str]] | None = None
    items: list[str] | None = None


def _days(d: int) -> str:
    return "không tự động xoá (quy tắc tắt)" if d <= 0 else f"{d} ngày"


def record_sections(settings: OpsSettings | None = None, counts: dict[str, int] | None = None) -> list[Section]:
    s = settings or get_ops_settings()
    c = counts or {}

    def n(key: str) -> str:
        return f"{c[key]:,}".replace(",", ".") if key in c else ""

    def have(key: str, noun: str, prefix: str = "") -> str:
        if key not in c:
            return prefix.rstrip(" —") or "có"
        return f"{prefix}hiện có {n(key)} {noun}"

    return [
        Section("1. Bên Kiểm soát và xử lý dữ liệu cá nhân", rows=[
            ("Tên cơ quan", s.controller_name),
            ("Địa chỉ", s.controller_address),
            ("Đầu mối liên hệ", s.controller_contact),
            ("Bộ phận/nhân sự bảo vệ dữ liệu cá nhân", s.dpo_contact),
            ("Hệ thống", "Lan Tỏa — theo dõi thông tin báo chí và mạng xã hội về tỉnh Phú Thọ"),
        ]),
        Section("2. Mục đích xử lý", items=[
            "Theo dõi, tổng hợp thông tin công khai trên báo chí và mạng xã hội liên quan đến tỉnh phục vụ công tác "
            "quản lý nhà nước về báo chí, thông tin điện tử.",
            "Phát hiện sớm, truy vết nguồn gốc và mức độ lan truyền của thông tin sai sự thật để phản hồi, xử lý "
            "theo quy định.",
            "Tiếp nhận, giải quyết phản ánh của người dân về hoạt động báo chí.",
            "Lưu giữ chứng cứ (bản chụp trang, mã băm SHA-256, thời điểm thu thập) phục vụ thanh tra, xử lý vi phạm.",
        ]),
        Section("3. Loại dữ liệu cá nhân và chủ thể dữ liệu", rows=[
            ("Tài khoản mạng xã hội công khai (tên hiển thị, định danh, số người theo dõi)",
             have("accounts", "tài khoản", "dữ liệu cá nhân cơ bản — ")),
            ("Bài đăng công khai của các tài khoản (nội dung, thời điểm, lượt tương tác)",
             have("posts", "bài đăng", "dữ liệu cá nhân cơ bản — ")),
            ("Phản ánh của người dân (nội dung, thời điểm)", have("feedback", "phản ánh", "dữ liệu cá nhân cơ bản — ")),
            ("Thông tin liên hệ của người phản ánh (họ tên, thư điện tử, điện thoại) — lưu tách riêng",
             have("feedback_contacts", "bản ghi", "dữ liệu cá nhân cơ bản — ")),
            ("Bản chụp trang làm chứng cứ (có thể chứa dữ liệu cá nhân của người được nêu trong trang)",
             have("captures", "bản chụp", "dữ liệu cá nhân cơ bản — ")),
            ("Tài khoản người dùng nội bộ (tên đăng nhập, vai trò, nhật ký thao tác)", "cán bộ vận hành hệ thống"),
            ("Dữ liệu cá nhân nhạy cảm",
             "không chủ đích thu thập; nội dung bài đăng công khai có thể chứa — chỉ xử lý trong phạm vi mục đích"),
        ]),
        Section("4. Bên nhận dữ liệu", items=[
            "Cán bộ được phân quyền của cơ quan (phân tích viên, thanh tra, cán bộ quản lý báo chí), theo vai trò.",
            "Cơ quan công an khi có yêu cầu theo quy định (báo cáo chỉ đọc, có ghi nhật ký).",
            "Không chuyển dữ liệu cá nhân ra nước ngoài; hệ thống và cơ sở dữ liệu đặt tại hạ tầng trong nước.",
        ]),
        Section("5. Thời gian lưu trữ và xoá", rows=[
            ("Bài đăng mạng xã hội (tính từ thời điểm thu thập)", _days(s.retention_post_days)),
            ("Tài khoản cá nhân không còn bài đăng (tính từ lần ghi nhận cuối)", _days(s.retention_account_days)),
            ("Thông tin liên hệ của người phản ánh", _days(s.retention_feedback_contact_days)),
            ("Nội dung phản ánh", _days(s.retention_feedback_days)),
            ("Bản chụp trang làm chứng cứ và tệp lưu trữ (tính từ thời điểm chụp)", _days(s.retention_evidence_days)),
            ("Ngoại lệ", "dữ liệu thuộc hồ sơ vụ việc đang mở được giữ đến khi đóng hồ sơ"),
            ("Cách thực hiện", "lệnh `lantoa retention run` chạy tự động mỗi ngày trong lịch `lantoa schedule`; "
                               "mỗi lần chạy được ghi vào nhật ký kiểm toán có chuỗi băm"),
        ]),
        Section("6. Biện pháp bảo vệ", items=[
            "Xác thực người dùng (mật khẩu băm argon2, khoá API băm), phân quyền theo vai trò; thông tin liên hệ "
            "của người phản ánh chỉ hiện với vai trò được phép.",
            "Nhật ký kiểm toán chuỗi băm SHA-256, phát hiện được sửa, xoá, đảo thứ tự sự kiện.",
            "Cơ sở dữ liệu Neo4j chỉ nghe trên địa chỉ nội bộ, bật xác thực; mật khẩu lưu tệp quyền 0600.",
            "Sao lưu định kỳ kèm bảng SHA-256 (tuỳ chọn chữ ký HMAC); khôi phục từ chối bản sao lưu bị sửa đổi.",
            "Chứng cứ lưu theo địa chỉ nội dung (SHA-256), kiểm tra lại khi đọc.",
        ]),
        Section("7. Quyền của chủ thể dữ liệu và cách đáp ứng", items=[
            "Quyền được biết, truy cập: `lantoa privacy export` xuất toàn bộ dữ liệu về một người "
            "(tài khoản, bài đăng, phản ánh đã gửi) thành tệp JSON.",
            "Quyền xoá: `lantoa privacy delete` xoá tài khoản, bài đăng và phản ánh của người đó; phần thuộc hồ sơ "
            "vụ việc đang mở được giữ lại và nêu rõ trong kết quả.",
            "Mỗi yêu cầu xuất/xoá được ghi vào nhật ký kiểm toán.",
        ]),
        Section("8. Rủi ro và biện pháp giảm thiểu", rows=[
            ("Lộ thông tin liên hệ người phản ánh", "lưu tách riêng, phân quyền xem, xoá theo thời hạn"),
            ("Nhận diện sai tài khoản là nguồn tin sai", "kết quả phân tích chỉ là gợi ý, cán bộ xác minh trước khi xử lý"),
            ("Lưu giữ quá thời hạn", "quy tắc lưu trữ tự động, có ghi nhật ký"),
            ("Mất dữ liệu, sửa chứng cứ", "sao lưu có kiểm tra, chứng cứ có mã băm"),
        ]),
    ]


def live_counts(driver: neo4j.Driver, *, database: str = "neo4j") -> dict[str, int]:
    """The record's counts, each counted in the graph (``admin/personal_data_counts``): accounts, posts, feedback,
    contact records (``FeedbackContact``) and evidence captures."""
    row = GraphReader(driver, database=database).read("admin/personal_data_counts")[0]
    return {k: int(row[k]) for k in ("accounts", "posts", "feedback", "feedback_contacts", "captures")}


def _title(now: datetime) -> tuple[str, str]:
    return ("HỒ SƠ XỬ LÝ DỮ LIỆU CÁ NHÂN",
            f"Lập ngày {now:%d/%m/%Y} theo Nghị định 13/2023/NĐ-CP và Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 "
            "— bản dự thảo do hệ thống lập, cần bộ phận pháp chế rà soát trước khi nộp.")


def render_markdown(sections: list[Section], *, now: datetime | None = None) -> str:
    title, sub = _title(now or datetime.now(UTC))
    out = [f"# {title}", "", f"_{sub}_", ""]
    for sec in sections:
        out += [f"## {sec.title}", ""]
        if sec.rows:
            out += ["| Nội dung | Chi tiết |", "|---|---|"]
            out += [f"| {a.replace('|', '/')} | {b.replace('|', '/')} |" for a, b in sec.rows]
        for it in sec.items or []:
            out.append(f"- {it}")
        out.append("")
    return "\n".join(out)


def render_html(sections: list[Section], *, now: datetime | None = None) -> str:
    title, sub = _title(now or datetime.now(UTC))
    e = html.escape
    parts = ['<!doctype html><html lang="vi"><head><meta charset="utf-8">', f"<title>{e(title)}</title>",
             "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}"
             "td,th{border:1px solid #999;padding:.3em .6em;vertical-align:top}</style></head><body>",
             f"<h1>{e(title)}</h1>", f"<p><em>{e(sub)}</em></p>"]
    for sec in sections:
        parts.append(f"<h2>{e(sec.title)}</h2>")
        if sec.rows:
            parts.append("<table><tr><th>Nội dung</th><th>Chi tiết</th></tr>")
            parts += [f"<tr><td>{e(a)}</td><td>{e(b)}</td></tr>" for a, b in sec.rows]
            parts.append("</table>")
        if sec.items:
            parts.append("<ul>" + "".join(f"<li>{e(it)}</li>" for it in sec.items) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def processing_record(fmt: str = "md", *, settings: OpsSettings | None = None,
                      counts: dict[str, Any] | None = None, now: datetime | None = None) -> str:
    """The record as Markdown (``md``) or HTML (``html``)."""
    sections = record_sections(settings, counts)
    if fmt == "md":
        return render_markdown(sections, now=now)
    if fmt == "html":
        return render_html(sections, now=now)
    raise ValueError(f"unknown format {fmt!r} (md or html)")
