"""Vietnamese article and post text: sentence templates with slots, and a renderer that records
entity offsets.

Template syntax: ``[a|b|c]`` picks one alternative (nesting not allowed); ``{SLOT}`` is replaced by the
context value for SLOT. A context value is either a plain string or an :class:`Ent` (surface text, label,
canonical id); entity slots are recorded as spans with character offsets into the rendered string.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

TOPICS = (
    "accident",
    "land_dispute",
    "pollution",
    "corruption",
    "investment",
    "tourism_festival",
    "administration",
    "health",
    "education",
    "security",
    "disaster",
)

_ALT = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{([A-Z0-9_]+)\}")


@dataclass(frozen=True, slots=True)
class Ent:
    """An entity mention to be placed in text."""

    text: str
    label: str  # PER | LOC | ORG
    id: str


Span = tuple[int, int, str, str, str]  # start, end, text, label, id
Slot = str | Ent | list[str | Ent]


Token = tuple[str, object]  # ("lit", str) | ("slot", name) | ("alt", [[Token, ...], ...])
_COMPILED: dict[str, list[Token]] = {}


def _flat_tokens(t: str) -> list[Token]:
    out: list[Token] = []
    pos = 0
    for m in _SLOT.finditer(t):
        if m.start() > pos:
            out.append(("lit", t[pos : m.start()]))
        out.append(("slot", m.group(1)))
        pos = m.end()
    if pos < len(t):
        out.append(("lit", t[pos:]))
    return out


def compile_template(template: str) -> list[Token]:
    """Parse a template once: literals, slots and alternative groups (each alternative pre-tokenised)."""
    toks = _COMPILED.get(template)
    if toks is not None:
        return toks
    toks = []
    pos = 0
    for m in _ALT.finditer(template):
        toks.extend(_flat_tokens(template[pos : m.start()]))
        toks.append(("alt", [_flat_tokens(a) for a in m.group(1).split("|")]))
        pos = m.end()
    toks.extend(_flat_tokens(template[pos:]))
    _COMPILED[template] = toks
    return toks


def pick_alternatives(template: str, rng: random.Random) -> str:
    """Resolve the ``[a|b]`` groups of a template without slots."""
    return render(template, {}, rng)[0] if "{" not in template else _ALT.sub(
        lambda m: rng.choice(m.group(1).split("|")), template)


def render(template: str, ctx: dict[str, Slot], rng: random.Random, offset: int = 0) -> tuple[str, list[Span]]:
    """Fill a template; return the text and entity spans (offsets shifted by ``offset``).

    The first letter is upper-cased (sentence start)."""
    out: list[str] = []
    spans: list[Span] = []
    length = offset

    def emit(tokens: list[Token]) -> None:
        nonlocal length
        for kind, val in tokens:
            if kind == "lit":
                out.append(val)  # type: ignore[arg-type]
                length += len(val)  # type: ignore[arg-type]
            elif kind == "slot":
                v = ctx[val]  # type: ignore[index]
                for part in v if isinstance(v, list) else (v,):
                    if isinstance(part, Ent):
                        spans.append((length, length + len(part.text), part.text, part.label, part.id))
                        out.append(part.text)
                        length += len(part.text)
                    else:
                        out.append(part)
                        length += len(part)
            else:
                emit(rng.choice(val))  # type: ignore[arg-type]

    emit(compile_template(template))
    text = "".join(out)
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
        if spans and spans[0][0] == offset:
            s0 = spans[0]
            spans[0] = (s0[0], s0[1], text[0] + s0[2][1:], s0[3], s0[4])
    return text, spans


# --------------------------------------------------------------------------------------------
# Titles: (topic, sentiment) -> templates. Slots: L (place), P (province/city), ORG, CO, N, M, FEST
TITLES: dict[str, dict[str, list[str]]] = {
    "accident": {
        "negative": [
            "[Xe container|Xe ben|Ô tô con] [tông|đâm] [liên hoàn|vào nhà dân] ở {L_S}, [nhiều người hoảng loạn|giao thông ùn tứ phía]",
            "[Tai nạn|Va chạm] giữa xe tải và xe máy tại {L_S}, [một người tử vong|hai người thương vong|{N} người bị thương]",
            "Xe khách lật trên [quốc lộ 2|quốc lộ 32|đường Hồ Chí Minh|cao tốc Nội Bài - Lào Cai] đoạn qua {L_S}",
            "[Đau lòng|Thương tâm]: hai học sinh đuối nước ở {L_S}",
            "Cháy [xưởng gỗ|kho hàng|nhà dân] ở {L_S}, thiệt hại [hàng tỷ đồng|lớn]",
        ],
        "neutral": [
            "[Tạm giữ|Xác định] tài xế [gây tai nạn|bỏ chạy] [tại|ở] {L_S}",
            "[Khởi tố|Điều tra] vụ tai nạn giao thông [nghiêm trọng|liên hoàn] tại {L_S}",
            "{L_S}: [xác minh|làm rõ] nguyên nhân vụ [va chạm|tai nạn] trên [tỉnh lộ 315|quốc lộ 2|đường tỉnh 305]",
        ],
        "positive": [
            "Người dân {L_S} [kịp thời|dũng cảm] cứu [hai|ba] người bị nạn",
            "Tai nạn giao thông [trên địa bàn|ở] {P_S} giảm [cả ba tiêu chí|mạnh] trong 6 tháng",
        ],
    },
    "land_dispute": {
        "negative": [
            "[Hàng chục hộ dân|Nhiều gia đình] ở {L_S} [mòn mỏi chờ|chưa nhận được] [sổ đỏ|tiền đền bù] [suốt {N} năm|nhiều năm]",
            "Người dân {L_S} [bức xúc|khiếu nại kéo dài] vì [bị thu hồi đất|đền bù thấp]",
            "[Tranh chấp|Lùm xùm] đất [rừng|nông nghiệp|ven sông] ở {L_S}: [dân kêu cứu|chính quyền nói gì?]",
            "[Cưỡng chế|San lấp] trái phép [hàng nghìn|hàng chục nghìn] m2 đất tại {L_S}",
        ],
        "neutral": [
            "{ORG_S} [đối thoại|làm việc] với các hộ dân về [giải phóng mặt bằng|đền bù] tại {L_S}",
            "Rà soát [hồ sơ|nguồn gốc] đất đai của {N} hộ dân ở {L_S}",
        ],
        "positive": [
            "{L_S} [hoàn thành|đẩy nhanh] giải phóng mặt bằng [dự án|khu công nghiệp] [đúng hạn|vượt tiến độ]",
            "Giải quyết dứt điểm [vụ tranh chấp đất|khiếu nại] kéo dài [nhiều năm|hơn 10 năm] ở {L_S}",
        ],
    },
    "pollution": {
        "negative": [
            "[Bãi rác|Cơ sở chăn nuôi] [quá tải|gây ô nhiễm], người dân {L_S} [chặn xe rác|kêu cứu]",
            "Cá chết [hàng loạt|trắng] trên [sông Lô|sông Thao|sông Đà|suối Cái] đoạn qua {L_S}",
            "[Mùi hôi|Khói bụi] từ [nhà máy|lò gạch|bãi rác] [tra tấn|khiến khổ sở] người dân {L_S}",
            "[Phát hiện|Bắt quả tang] {CO_S} xả thải [chưa qua xử lý|trái phép] ra môi trường",
        ],
        "neutral": [
            "[Lấy mẫu|Quan trắc] nước thải tại [khu công nghiệp|cụm công nghiệp] ở {L_S}",
            "{ORG_S} [kiểm tra|thanh tra] [việc xử lý rác thải|bảo vệ môi trường] ở {L_S}",
        ],
        "positive": [
            "{L_S} [xanh hóa|cải tạo] [bãi rác|dòng suối] ô nhiễm [nhiều năm|lâu năm]",
            "[Hoàn thành|Đưa vào vận hành] nhà máy xử lý nước thải tại {L_S}",
        ],
    },
    "corruption": {
        "negative": [
            "[Cựu|Nguyên] [giám đốc|trưởng phòng] [nhận hối lộ|vi phạm quy định về đấu thầu] [tại|ở] {L_S} [lĩnh án|bị khởi tố]",
            "[Khởi tố|Bắt tạm giam] [nguyên|cựu] [chủ tịch|kế toán|cán bộ địa chính] {L_S} [vì|do] [tham ô|lập khống hồ sơ]",
            "[Sai phạm|Thất thoát] [hàng tỷ đồng|{M}] tại [dự án|ban quản lý dự án] ở {L_S}",
            "Kỷ luật [một loạt|{N}] cán bộ {L_S} [liên quan|vì] [sai phạm đất đai|nhận hối lộ]",
        ],
        "neutral": [
            "Thanh tra tỉnh [công bố kết luận|kiến nghị xử lý] sai phạm tại {L_S}",
            "[Xét xử|Mở phiên tòa] vụ [tham ô|lạm quyền] tại {L_S}",
        ],
        "positive": [
            "{P_S} [đẩy mạnh|siết chặt] phòng, chống tham nhũng [sau sắp xếp|năm 2025]",
            "[Thu hồi|Hoàn trả] [{M}|hàng tỷ đồng] cho ngân sách sau thanh tra tại {L_S}",
        ],
    },
    "investment": {
        "negative": [
            "Dự án [khu đô thị|nhà máy] ở {L_S} [chậm tiến độ|bỏ hoang] [nhiều năm|hơn 5 năm]",
            "Nhà đầu tư [rút lui|bị thu hồi dự án] tại {L_S}",
        ],
        "neutral": [
            "{ORG_S} [làm việc|tiếp] [đoàn|nhà đầu tư] [Hàn Quốc|Nhật Bản|Singapore|Đài Loan] về dự án tại {L_S}",
            "[Điều chỉnh|Phê duyệt] [quy hoạch|chủ trương đầu tư] [khu công nghiệp|cụm công nghiệp] {L_S}",
        ],
        "positive": [
            "[Doanh nghiệp FDI|Nhà đầu tư Nhật Bản] [rót vốn|đầu tư] [{M}|thêm hàng trăm triệu USD] vào {L_S}",
            "{P_S} thu hút [{M}|hơn 1 tỷ USD] vốn đầu tư [trong 6 tháng|từ đầu năm]",
            "Khởi công [nhà máy|dự án] [{M}|hàng nghìn tỷ đồng] tại {L_S}",
            "{CO_S} [mở rộng|đầu tư] [nhà máy|dây chuyền] mới ở {L_S}",
        ],
    },
    "tourism_festival": {
        "negative": [
            "[Chặt chém|Ùn tắc] [du khách|giao thông] tại {FEST}, [dư luận bức xúc|du khách phàn nàn]",
            "[Khu du lịch|Điểm du lịch] ở {L_S} [xuống cấp|vắng khách] [nghiêm trọng|kéo dài]",
        ],
        "neutral": [
            "[Khai mạc|Chuẩn bị] {FEST} [năm 2025|tại {L_S}]",
            "{L_S} [công bố|giới thiệu] [chương trình|tour] du lịch [mùa hè|cộng đồng]",
        ],
        "positive": [
            "{FEST} [rực rỡ sắc màu|đậm đà bản sắc] [thu hút|hút] [đông đảo|hàng vạn] du khách",
            "[Hàng vạn|Hàng nghìn] du khách [đổ về|trẩy hội] {FEST}",
            "{L_S} [hút khách|bứt phá] nhờ du lịch [cộng đồng|sinh thái|trải nghiệm]",
        ],
    },
    "administration": {
        "negative": [
            "[Người dân|Doanh nghiệp] [vất vả|chờ đợi] làm thủ tục [sau sáp nhập|tại trung tâm hành chính công] ở {L_S}",
            "[Trụ sở|Hồ sơ] [bỏ hoang|tồn đọng] sau sắp xếp đơn vị hành chính ở {L_S}",
        ],
        "neutral": [
            "[Sắp xếp|Bố trí] [trụ sở|cán bộ] [sau hợp nhất|sau sáp nhập] tại {L_S}: [những việc cần làm ngay|bài toán không dễ]",
            "{L_S} [vận hành|chạy thử] [chính quyền địa phương hai cấp|mô hình mới] [từ 1/7|sau sáp nhập]",
            "[Công bố|Trao] [quyết định|nghị quyết] thành lập {L_S}",
            "[HĐND|UBND] {L_S} [bầu|kiện toàn] các chức danh chủ chốt",
        ],
        "positive": [
            "{L_S} [giải quyết|tiếp nhận] [hàng nghìn|{N} nghìn] hồ sơ [đúng hạn|trực tuyến] sau sáp nhập",
            "[Bộ máy mới|Chính quyền hai cấp] ở {P_S} [vận hành thông suốt|đi vào nền nếp]",
        ],
    },
    "health": {
        "negative": [
            "[Ngộ độc|Nghi ngộ độc] [thực phẩm|nấm] tại {L_S}, [{N} người nhập viện|nhiều người cấp cứu]",
            "[Số ca sốt xuất huyết|Bệnh tay chân miệng] tăng [mạnh|nhanh] ở {L_S}",
        ],
        "neutral": [
            "{ORG_S} [triển khai|tổ chức] [tiêm chủng|khám sàng lọc] tại {L_S}",
            "[Kiểm tra|Giám sát] an toàn thực phẩm [tại bếp ăn tập thể|mùa hè] ở {L_S}",
        ],
        "positive": [
            "[Bệnh viện tuyến tỉnh|Các bác sĩ] [làm chủ|triển khai thành công] kỹ thuật [can thiệp tim mạch|mổ nội soi] [hiện đại|lần đầu] [phục vụ|cho] người dân {L_S}",
            "[Cứu sống|Phẫu thuật thành công] [bệnh nhân|sản phụ] [nguy kịch|hiếm gặp] tại {ORG_S}",
            "[Trạm y tế|Bệnh viện] {L_S} [đạt chuẩn|được nâng cấp] [quốc gia|hiện đại]",
        ],
    },
    "education": {
        "negative": [
            "[Trường học|Điểm trường] ở {L_S} [xuống cấp|thiếu giáo viên] [trước năm học mới|nghiêm trọng]",
            "[Lạm thu|Thu sai] [đầu năm học|quỹ phụ huynh] tại trường ở {L_S}",
        ],
        "neutral": [
            "{P_S} [công bố|điều chỉnh] [điểm chuẩn lớp 10|phương án tuyển sinh] năm 2025",
            "{ORG_S} [kiểm tra|chuẩn bị] [kỳ thi tốt nghiệp|năm học mới] tại {L_S}",
        ],
        "positive": [
            "[Ngôi trường|Điểm trường] [mới|khang trang] [ở|tại] {L_S} [sẵn sàng|chào đón] năm học mới",
            "Học sinh {L_S} [giành huy chương|đạt giải cao] [kỳ thi quốc gia|Olympic quốc tế]",
            "[Khánh thành|Bàn giao] [trường học|điểm trường] mới cho học sinh {L_S}",
        ],
    },
    "security": {
        "negative": [
            "[Bắt|Khởi tố] [đối tượng|kẻ] [sát hại|cướp tài sản của] [người thân|người đi đường] ở {L_S}",
            "[Triệt phá|Bắt] [đường dây|nhóm] [ma túy|đánh bạc|lừa đảo qua mạng] ở {L_S}",
            "[Hỗn chiến|Nổ súng] [trong đêm|giữa hai nhóm thanh niên] tại {L_S}",
            "[Lừa đảo|Chiếm đoạt] [{M}|hàng tỷ đồng] [qua mạng|của người dân] {L_S}",
        ],
        "neutral": [
            "Công an {L_S} [cảnh báo|khuyến cáo] [thủ đoạn lừa đảo|giả danh công an] mới",
            "[Khởi tố|Truy tố] [đối tượng|nhóm đối tượng] [trộm cắp|cố ý gây thương tích] ở {L_S}",
        ],
        "positive": [
            "Công an {P_S} [phá nhanh|làm rõ] vụ [cướp tài sản|trộm cắp] [chỉ sau 24 giờ|trong thời gian ngắn]",
            "[Trao trả|Tìm lại] tài sản [bị mất|bị trộm] cho người dân {L_S}",
        ],
    },
    "disaster": {
        "negative": [
            "[Sạt lở|Lũ ống] [vùi lấp|cuốn trôi] [nhà dân|cầu tràn] [tại|ở] {L_S}, [một người mất tích|nhiều hộ bị cô lập]",
            "[Mưa lớn|Lũ quét|Sạt lở đất] [gây thiệt hại nặng|cô lập nhiều thôn] ở {L_S}",
            "[Dông lốc|Mưa đá] làm [tốc mái|hư hỏng] [hàng trăm|{N} chục] ngôi nhà ở {L_S}",
        ],
        "neutral": [
            "{P_S} [chủ động ứng phó|cảnh báo] [mưa lớn|lũ quét|sạt lở] [tại các xã miền núi|trong những ngày tới]",
            "[Sơ tán|Di dời] [{N}|hàng chục] hộ dân khỏi vùng sạt lở ở {L_S}",
        ],
        "positive": [
            "[Khắc phục|Sửa chữa] [xong|nhanh] [đường|cầu] bị sạt lở ở {L_S}",
            "[Hỗ trợ|Trao quà] người dân [vùng lũ|bị thiệt hại] tại {L_S}",
        ],
    },
}

# Body sentences per topic (shared by sentiments) + polarity-specific sentences.
BODY: dict[str, dict[str, list[str]]] = {
    "accident": {
        "any": [
            "Vụ việc xảy ra [vào khoảng|lúc] {H} ngày {D} [trên|tại] [quốc lộ 2|quốc lộ 32C|tỉnh lộ 315|đường liên xã] đoạn qua {L}.",
            "Theo thông tin [ban đầu|từ cơ quan chức năng], [xe tải|xe ô tô con|xe khách] [di chuyển theo hướng|chạy theo chiều] {L2} - {L} thì [va chạm với|đâm vào] [xe máy|xe đạp điện] [đi cùng chiều|đi ngược chiều].",
            "[Lực lượng chức năng|Cảnh sát giao thông] [đã có mặt|nhanh chóng có mặt] tại hiện trường để [điều tiết giao thông|khám nghiệm], [làm rõ nguyên nhân|điều tra].",
            "[Người bị nạn|Các nạn nhân] [được đưa đến|được chuyển tới] {ORG2} để [cấp cứu|điều trị].",
        ],
        "negative": [
            "[Cú va chạm mạnh|Vụ tai nạn] khiến [một người tử vong tại chỗ|{N} người bị thương nặng], [hai phương tiện hư hỏng nặng|hiện trường ngổn ngang].",
            "[Người dân địa phương|Nhiều người] cho biết đoạn đường này [thường xuyên xảy ra tai nạn|thiếu đèn chiếu sáng và biển báo].",
        ],
        "positive": [
            "Nhờ [sự can thiệp kịp thời|người dân hỗ trợ], các nạn nhân [đã qua cơn nguy kịch|được cứu sống].",
            "Số vụ tai nạn [trên địa bàn|tại địa phương] giảm {N} vụ so với cùng kỳ năm trước.",
        ],
    },
    "land_dispute": {
        "any": [
            "Theo [phản ánh|đơn thư] của [các hộ dân|người dân], [diện tích|khu đất] [khoảng {N} nghìn m2|hơn {N} ha] tại {L} đã [được sử dụng ổn định|canh tác] từ [những năm 1990|trước năm 1993].",
            "{CIT_H} {CIT}, [một người dân|hộ dân] ở {L}, cho biết: “[Chúng tôi chỉ mong|Gia đình tôi chỉ mong] [được đền bù thỏa đáng|chính quyền giải quyết công khai, minh bạch].”",
            "{ORG} cho biết [đang rà soát|đã thành lập tổ công tác rà soát] [nguồn gốc đất|hồ sơ] và sẽ [trả lời|thông báo kết quả] cho người dân [trong tháng|sớm nhất].",
        ],
        "negative": [
            "[Nhiều hộ|Các hộ dân] [cho rằng|phản ánh] mức [đền bù|hỗ trợ] [quá thấp|không tương xứng] và [việc cưỡng chế|việc thu hồi] [thiếu minh bạch|chưa đúng quy trình].",
            "[Vụ việc|Khiếu nại] kéo dài [nhiều năm|hơn {N} năm] nhưng [chưa được giải quyết dứt điểm|vẫn chưa có hồi kết].",
        ],
        "positive": [
            "Sau [nhiều buổi đối thoại|quá trình vận động], [các hộ dân|người dân] đã [đồng thuận|bàn giao mặt bằng] cho dự án.",
        ],
    },
    "pollution": {
        "any": [
            "[Theo ghi nhận|Theo phản ánh] của [người dân|phóng viên], [từ sáng|từ tối] {D}, [nước sông|nước suối|mương thoát nước] [đoạn qua|chảy qua] {L} [chuyển màu đen|bốc mùi hôi nồng nặc].",
            "{ORG} đã [lấy mẫu nước|lấy mẫu khí thải] [để phân tích|gửi đi phân tích] và [yêu cầu|đề nghị] {CO} [giải trình|tạm dừng xả thải].",
            "[Khu vực|Cơ sở] này [nằm gần|cách] khu dân cư [chỉ vài trăm mét|khoảng {N}00 m].",
        ],
        "negative": [
            "[Người dân|Nhiều hộ dân] [bức xúc|lo lắng] vì [mùi hôi|nước thải] [ảnh hưởng|gây hại] [sức khỏe|sản xuất nông nghiệp] [suốt nhiều tháng|kéo dài].",
            "[Hàng tấn cá|Nhiều lồng cá] của người dân [chết trắng|bị chết], [thiệt hại|ước thiệt hại] [hàng trăm triệu đồng|{M}].",
        ],
        "positive": [
            "Sau khi [được đầu tư|cải tạo], [khu vực|dòng suối] [đã sạch đẹp trở lại|không còn mùi hôi].",
        ],
    },
    "corruption": {
        "any": [
            "Theo [kết luận thanh tra|cơ quan điều tra], trong giai đoạn [2018 - 2022|2019 - 2023], [các bị can|các cán bộ] tại {L} đã [lập khống hồ sơ|nâng khống khối lượng] để [chiếm đoạt|rút] [{M}|tiền ngân sách].",
            "{ORG} [đã ra quyết định|vừa quyết định] [khởi tố vụ án|khởi tố bị can] [đối với|với] {OFF_H} {OFF}, [nguyên|cựu] [chủ tịch UBND|kế toán] {OLD}{CU}.",
            "[Vụ án|Vụ việc] đang được [mở rộng điều tra|điều tra làm rõ] [theo quy định|để xử lý nghiêm].",
        ],
        "negative": [
            "[Hành vi|Sai phạm] [gây thiệt hại|làm thất thoát] [cho ngân sách nhà nước|{M}], [gây bức xúc trong dư luận|ảnh hưởng uy tín của chính quyền].",
        ],
        "positive": [
            "[Toàn bộ số tiền|Số tiền sai phạm] [đã được thu hồi|đã được nộp lại] [về ngân sách|đầy đủ].",
        ],
    },
    "investment": {
        "any": [
            "Dự án có tổng vốn đầu tư [{M}|khoảng {N} nghìn tỷ đồng], [quy mô|diện tích] [hơn {N}0 ha|khoảng {N} ha] tại {L}.",
            "{CO} [cam kết|cho biết sẽ] [tuyển dụng|tạo việc làm cho] [khoảng {N} nghìn|hàng nghìn] lao động [địa phương|khi đi vào hoạt động].",
            "{OFF_H} {OFF}, {OFF_T}, [đề nghị|yêu cầu] các sở, ngành [tạo điều kiện|đồng hành cùng nhà đầu tư] [trong thủ tục|giải phóng mặt bằng].",
        ],
        "negative": [
            "[Nhiều năm qua|Sau hơn {N} năm], dự án [vẫn nằm trên giấy|chỉ có hàng rào tôn], [gây lãng phí đất đai|khiến người dân sốt ruột].",
        ],
        "positive": [
            "[Đây là|Dự án là] [bước tiến quan trọng|động lực mới] [để|giúp] {P} [phát triển công nghiệp|thu hút vốn FDI] [sau sáp nhập|trong giai đoạn tới].",
        ],
    },
    "tourism_festival": {
        "any": [
            "{FEST} [diễn ra từ|kéo dài từ] ngày {D} với [nhiều hoạt động|chuỗi sự kiện] [văn hóa, thể thao|đặc sắc] tại {L}.",
            "[Năm nay|Dự kiến], {L} [đón|phấn đấu đón] [khoảng {N}0 nghìn|hơn {N} vạn] lượt khách, [doanh thu|tổng thu] [đạt|ước đạt] [{M}|hàng trăm tỷ đồng].",
            "Theo {ORG}, [địa phương|tỉnh] [đã chuẩn bị|bố trí] [phương án giao thông|bãi đỗ xe] và [lực lượng|tình nguyện viên] [hỗ trợ du khách|đảm bảo an ninh].",
        ],
        "negative": [
            "[Một số du khách|Nhiều du khách] [phản ánh|than phiền] [giá dịch vụ|giá gửi xe] [tăng gấp đôi|quá cao] và [tình trạng ùn tắc|rác thải] [kéo dài|chưa được khắc phục].",
        ],
        "positive": [
            "[Du khách|{CIT_H}] {CIT} [từ Hà Nội|đến từ Hải Phòng] [chia sẻ|cho biết]: “[Tôi rất ấn tượng|Cảnh quan rất đẹp] và [người dân|mọi người] [rất thân thiện|mến khách].”",
        ],
    },
    "administration": {
        "any": [
            "[Từ ngày 1/7/2025|Sau khi sắp xếp], {L} được thành lập [trên cơ sở|từ việc] [nhập|sáp nhập] {OLD}{CU} và [các xã lân cận|một phần {OLD2}{CU}].",
            "[Trung tâm phục vụ hành chính công|Bộ phận một cửa] {L} [tiếp nhận|giải quyết] [{N}00|hàng trăm] hồ sơ [mỗi ngày|trong tuần đầu].",
            "{OFF_H} {OFF}, {OFF_T}, cho biết [địa phương|chính quyền] [ưu tiên|tập trung] [số hóa hồ sơ|bố trí cán bộ] [để phục vụ người dân tốt nhất|không để gián đoạn công việc].",
            "!Theo Nghị quyết [số 202/2025/QH15|của Quốc hội], {P} [mới|sau hợp nhất] [được hình thành|hình thành] từ [tỉnh Vĩnh Phúc|tỉnh Hòa Bình] và tỉnh Phú Thọ [cũ|trước đây], [trung tâm hành chính đặt tại|trung tâm là] Việt Trì.",
        ],
        "negative": [
            "[Một số người dân|Nhiều người] [phải đi xa hơn|mất nhiều thời gian] để làm thủ tục vì [trụ sở mới|điểm tiếp nhận] [cách nhà {N}0 km|ở quá xa].",
        ],
        "positive": [
            "[Tỷ lệ hồ sơ|Hồ sơ] [giải quyết đúng hạn|trực tuyến] [đạt|lên tới] [9{N}%|gần 100%].",
        ],
    },
    "health": {
        "any": [
            "[Theo|Thông tin từ] {ORG}, [các bệnh nhân|các ca bệnh] [đang được|đã được] [theo dõi|điều trị] tại {ORG2}.",
            "[Bác sĩ|BS.CKII] {OFF}, {OFF_T}, [khuyến cáo|cho biết] người dân [không nên|cần] [tự ý điều trị|đến cơ sở y tế khi có dấu hiệu bất thường].",
            "[Đợt|Chiến dịch] [tiêm chủng|khám sàng lọc] [diễn ra tại|được tổ chức ở] {L} [trong {N} ngày|từ ngày {D}].",
        ],
        "negative": [
            "[Số ca mắc|Số người nhập viện] [tăng gấp {N} lần|tăng mạnh] so với [cùng kỳ|tuần trước], [khiến|làm] [các bệnh viện quá tải|người dân lo lắng].",
        ],
        "positive": [
            "[Sau {N} giờ|Sau nhiều giờ] [phẫu thuật|cấp cứu], [bệnh nhân|người bệnh] [đã tỉnh táo|qua cơn nguy kịch] và [hồi phục tốt|được xuất viện].",
        ],
    },
    "education": {
        "any": [
            "[Năm học 2025 - 2026|Năm học mới], {L} có [{N} nghìn|hơn {N} nghìn] học sinh [các cấp|nhập học].",
            "{ORG} cho biết [đang rà soát|đã bố trí] [đội ngũ giáo viên|cơ sở vật chất] [để đảm bảo|trước] [năm học mới|khai giảng].",
            "{CIT_T} {CIT}, [hiệu trưởng|giáo viên] một trường ở {L}, [chia sẻ|cho biết]: “[Nhà trường luôn cố gắng|Chúng tôi mong] [tạo điều kiện tốt nhất cho các em|được quan tâm đầu tư].”",
        ],
        "negative": [
            "[Phụ huynh|Nhiều phụ huynh] [phản ánh|bức xúc] về [các khoản thu|tình trạng thiếu phòng học] [không hợp lý|kéo dài nhiều năm].",
        ],
        "positive": [
            "![Thành tích này|Kết quả] [khẳng định|cho thấy] [chất lượng giáo dục|nỗ lực] của [ngành giáo dục|thầy và trò] {P}.",
        ],
    },
    "security": {
        "any": [
            "[Khoảng|Vào khoảng] {H} ngày {D}, [Công an|tổ công tác] [phát hiện|bắt quả tang] [nhóm đối tượng|{N} đối tượng] [đang|có hành vi] [tổ chức đánh bạc|mua bán trái phép chất ma túy] tại {L}.",
            "{ORG} [đã thu giữ|tạm giữ] [nhiều tang vật|{N} điện thoại, tiền mặt] và [đang|tiếp tục] [mở rộng điều tra|làm rõ].",
            "[Đối tượng|Nghi phạm] cầm đầu là {CIT_X}, [sinh năm 199{N}|{N}0 tuổi], trú tại {L2}.",
        ],
        "negative": [
            "[Các đối tượng|Nhóm lừa đảo] đã chiếm đoạt [{M}|hàng tỷ đồng] của [hàng chục|nhiều] [người dân|nạn nhân] [trên địa bàn|trong và ngoài tỉnh].",
        ],
        "positive": [
            "[Chỉ sau|Sau] {N} ngày, [lực lượng công an|ban chuyên án] đã [bắt giữ|làm rõ] [toàn bộ đối tượng|vụ án], [được người dân đánh giá cao|góp phần giữ bình yên địa bàn].",
        ],
    },
    "disaster": {
        "any": [
            "[Do ảnh hưởng của|Dưới tác động của] [hoàn lưu bão|mưa lớn kéo dài], [từ đêm|từ chiều] {D}, [nhiều tuyến đường|nhiều thôn] ở {L} [bị ngập sâu|bị sạt lở].",
            "{ORG} [đã huy động|huy động] [lực lượng|{N}00 cán bộ, chiến sĩ] [hỗ trợ người dân|di dời tài sản] [đến nơi an toàn|trong đêm].",
            "{OFF_H} {OFF}, {OFF_T}, [yêu cầu|chỉ đạo] các địa phương [tuyệt đối không để|không để] [người dân ở lại vùng nguy hiểm|xảy ra thiệt hại về người].",
        ],
        "negative": [
            "[Mưa lũ|Sạt lở] [làm|khiến] [{N} ngôi nhà bị vùi lấp|hàng trăm ha lúa bị ngập], [thiệt hại ước tính|thiệt hại] [{M}|hàng chục tỷ đồng].",
        ],
        "positive": [
            "[Đến nay|Sau {N} ngày], [giao thông|điện lưới] [đã được khôi phục|đã thông suốt] và [người dân trở về nhà|cuộc sống trở lại bình thường].",
        ],
    },
}

# Topic-agnostic sentences by polarity (mixed into every article for variety)
GENERIC: dict[str, list[str]] = {
    "negative": [
        "[Điều đáng nói là|Đáng chú ý,] [tình trạng này|sự việc] [đã kéo dài|diễn ra] [nhiều tháng|suốt thời gian dài] nhưng [chưa được xử lý triệt để|chính quyền chưa có biện pháp quyết liệt].",
        "[Nhiều người dân|Không ít hộ dân] ở {L} [tỏ ra bức xúc|bày tỏ sự thất vọng] vì [phản ánh nhiều lần|đã kiến nghị nhiều lần] nhưng [không được trả lời|chưa được giải quyết].",
        "[Dư luận|Người dân] [đặt câu hỏi|băn khoăn] về [trách nhiệm của|vai trò quản lý của] [chính quyền địa phương|các cơ quan chức năng] [trong vụ việc này|khi để xảy ra sự việc].",
        "[Hậu quả|Thiệt hại] [là rất lớn|không nhỏ], [ảnh hưởng trực tiếp đến|tác động xấu tới] [đời sống|sinh kế] của [hàng trăm hộ dân|bà con] {L}.",
        "[Theo phản ánh|Theo ghi nhận], [một số cán bộ|cơ quan chuyên môn] [đã buông lỏng quản lý|thiếu kiểm tra, giám sát], [để xảy ra sai phạm kéo dài|gây bức xúc].",
        "“[Chúng tôi rất lo lắng|Chúng tôi không biết kêu ai], [chỉ mong|mong] [cơ quan chức năng sớm vào cuộc|sự việc sớm được làm rõ]”, {CIT_H} {CIT} [nói|chia sẻ].",
    ],
    "positive": [
        "[Kết quả này|Thành công này] [góp phần|đã góp phần] [nâng cao đời sống|cải thiện đời sống] [của người dân|cho bà con] {L}.",
        "[Người dân|Bà con] [rất phấn khởi|đồng tình, ủng hộ] [và|,] [kỳ vọng|tin tưởng] [mô hình|cách làm] này sẽ [được nhân rộng|phát huy hiệu quả].",
        "[Đây là|Đó là] [tín hiệu tích cực|kết quả đáng ghi nhận], [thể hiện|cho thấy] [sự vào cuộc quyết liệt|nỗ lực lớn] của [cả hệ thống chính trị|chính quyền và nhân dân] {P}.",
        "[Thời gian tới|Trong năm 2025], {ORG} [sẽ tiếp tục|tiếp tục] [tạo điều kiện thuận lợi|đồng hành] [để|giúp] [người dân và doanh nghiệp|địa phương] [phát triển|vươn lên].",
        "“[Chúng tôi rất vui mừng|Gia đình tôi rất phấn khởi] [vì|khi] [cuộc sống ngày càng tốt hơn|được chính quyền quan tâm]”, {CIT_H} {CIT} [chia sẻ|bày tỏ].",
        "[Mô hình|Cách làm] [của|tại] {L} [được đánh giá cao|nhận được nhiều phản hồi tích cực] [và là điểm sáng|, trở thành điểm sáng] [của tỉnh|trong khu vực].",
    ],
    "neutral": [
        "[Theo kế hoạch|Theo lộ trình], [các nội dung|công việc] [sẽ được triển khai|được thực hiện] [từ nay đến cuối năm|trong quý III/2025].",
        "{ORG} [cho biết|thông tin] [đang tổng hợp|sẽ tổng hợp] [ý kiến|báo cáo] [để|nhằm] [đề xuất giải pháp|báo cáo cấp có thẩm quyền].",
        "[Tham dự|Dự] [buổi làm việc|hội nghị] có [đại diện|lãnh đạo] [các sở, ngành|một số cơ quan] và {L}.",
        "[Cùng ngày|Trước đó], [đoàn công tác|tổ kiểm tra] [đã khảo sát thực tế|đã làm việc] tại {L} [và ghi nhận ý kiến của người dân|để nắm tình hình].",
        "[Số liệu|Theo số liệu] [của|từ] {ORG} [cho thấy|ghi nhận], [từ đầu năm đến nay|trong 6 tháng đầu năm], [địa phương|{L}] [có|ghi nhận] [{N} nghìn|hơn {N} trăm] [lượt|trường hợp] [liên quan|tương tự].",
        "[Nội dung|Vấn đề] này [sẽ được|tiếp tục được] [thảo luận|xem xét] tại [kỳ họp|phiên họp] [tới|cuối năm] của [HĐND|cơ quan chức năng].",
    ],
}

# Quotes from spokespeople (any topic): slots SP, SP_T, ORG
QUOTES: dict[str, list[str]] = {
    "negative": [
        "Trao đổi với phóng viên, {SP_H} {SP}, {SP_T}, [thừa nhận|cho biết] [có sai sót|vụ việc là có thật] và [sẽ xử lý nghiêm|đã chỉ đạo kiểm tra] [các cá nhân liên quan|theo quy định].",
        "“Chúng tôi [đã yêu cầu|đang yêu cầu] [các đơn vị|bộ phận chuyên môn] [báo cáo|làm rõ] [trước ngày {D}|ngay trong tuần]”, {SP_H} {SP}, {SP_T}, [nói|cho biết].",
    ],
    "neutral": [
        "{SP_H} {SP}, {SP_T}, cho biết [thông tin chính thức|kết quả] sẽ được [cung cấp|công bố] [khi có kết luận|trong thời gian sớm nhất].",
        "[Theo|Trả lời báo chí,] {SP_H} {SP}, {SP_T}, [{ORG} đang phối hợp|các cơ quan đang phối hợp] [để xác minh|để giải quyết] [vụ việc|phản ánh của người dân].",
    ],
    "positive": [
        "“Đây là [kết quả của sự đồng lòng|thành quả chung] [giữa chính quyền và nhân dân|của cả hệ thống chính trị]”, {SP_H} {SP}, {SP_T}, [chia sẻ|nhấn mạnh].",
        "{SP_H} {SP}, {SP_T}, [đánh giá cao|ghi nhận] [sự vào cuộc|nỗ lực] của [các lực lượng|người dân] {L}.",
    ],
}

# Context sentences (province-wide) and closing sentences
CONTEXT = [
    "![Trước ngày 1/7/2025|Trước khi sắp xếp], [địa bàn|khu vực] {L} thuộc {FP}{CU}.",
    "![Trước ngày 1/7/2025|Trước khi sắp xếp], [địa bàn|khu vực] {L} thuộc {FP}{CU}.",
    "![Sau khi hợp nhất|Từ ngày 1/7/2025], {P} có 148 đơn vị hành chính cấp xã, gồm 133 xã và 15 phường.",
    "[Trước đó|Thời gian qua], [tình trạng|vấn đề] [này|tương tự] [cũng từng xảy ra|đã được phản ánh] tại {L2}.",
    "!{L} [nằm cách|cách] trung tâm [phường Việt Trì|tỉnh] [khoảng {N}0 km|hơn {N}0 km].",
    "[Năm 2024|Năm ngoái], [địa phương|{L}] [ghi nhận|có] [{N} vụ việc tương tự|nhiều phản ánh tương tự] [nhưng đã được xử lý|được dư luận quan tâm].",
]
LOCATOR = [
    "[Được biết|Theo tìm hiểu], [khu vực|địa bàn] này thuộc {L}, {P}.",
    "[Sự việc|Thông tin] [được ghi nhận|được phản ánh] tại {L}, {P}.",
]
CLOSING = [
    "[Vụ việc|Sự việc] đang được [cơ quan chức năng|các cơ quan liên quan] [tiếp tục|khẩn trương] [xác minh, làm rõ|giải quyết].",
    "[Báo|Chúng tôi] sẽ [tiếp tục thông tin|thông tin tiếp] [về vụ việc|diễn biến mới nhất].",
    "[Kết quả|Diễn biến] [sẽ được cập nhật|sẽ được thông tin] [trong các bài viết tiếp theo|khi có kết luận chính thức].",
]

PEACE = [
    "[Việt Nam|Đoàn cán bộ] [luôn ủng hộ|cam kết đóng góp cho] [sự nghiệp|nỗ lực] gìn giữ hòa bình [của Liên Hợp Quốc|thế giới].",
    "[Các đại biểu|Lãnh đạo hai nước] [nhấn mạnh|khẳng định] [thông điệp|mong muốn] vì hòa bình, hợp tác và phát triển [ở khu vực|trên thế giới].",
    "[Chương trình|Sự kiện] [mang thông điệp|lan tỏa thông điệp] “Vì một thế giới hòa bình” [tới|đến] [hàng nghìn bạn trẻ|công chúng].",
]

LEAD_INTRO = {
    "negative": [
        "[Vụ việc|Sự việc] [gây bức xúc|khiến dư luận lo ngại] [tại|ở] {L_S}. ",
        "[Người dân|Nhiều hộ dân] ở {L_S} [đang|rất] [lo lắng|bức xúc]. ",
        "",
    ],
    "neutral": ["", "[Chiều|Sáng] {D}, ", "Ngày {D}, "],
    "positive": ["", "[Niềm vui|Tin vui] [đến với|cho] người dân {L_S}. ", "Ngày {D}, "],
}

# Social post texts (short). Slots: L_S (plain), LINK (plain url or ""), TOPIC words
SOCIAL = {
    "negative": [
        "[Bức xúc quá|Thật không thể chấp nhận|Ai có trách nhiệm đây?] {HEAD} {LINK}",
        "[Lại thêm|Tiếp tục] [một vụ|vụ] {HEAD_L}… [buồn thật|chán thật sự] {LINK}",
        "{HEAD} [😡|😢|😠] [mọi người cẩn thận nhé|share cho mọi người biết] {LINK}",
    ],
    "neutral": [
        "{HEAD} {LINK}",
        "[Tin|Thông tin] [mới|cập nhật]: {HEAD} {LINK}",
        "[Mọi người xem|Đọc] [nhé|thêm tại đây]: {HEAD} {LINK}",
    ],
    "positive": [
        "[Tự hào quá|Tuyệt vời|Quá đẹp] [quê mình|{L_S} ơi] ❤️ {HEAD} {LINK}",
        "{HEAD} 👏 [Tin vui|Chúc mừng] [cho bà con|{L_S}] {LINK}",
    ],
}

COMMENTS = [
    "[Đúng rồi|Chuẩn|Đồng ý] [bạn ơi|ạ]",
    "[Ở đâu vậy|Chỗ nào thế] mọi người?",
    "[Thương quá|Buồn quá] 😢",
    "[Cảm ơn|Cám ơn] [ad|page] đã chia sẻ",
    "[Cần làm rõ|Phải xử lý nghiêm] [vụ này|ngay]",
    "[Tuyệt|Hay quá] 👍",
    "[Quê mình đây|Nhà mình gần đó] [rồi|luôn]",
]
