"""The static model of the sandbox world: sizes, places (from the gazetteer), organisations, people,
outlets and their site conventions. Everything here is a pure function of the seed and the gazetteer."""

from __future__ import annotations

import csv
import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from common.errors import GazetteerMissing, SizeInvalid

from .text import Ent

TZ = timezone(timedelta(hours=7))
DEFAULT_START = datetime(2025, 7, 1, 0, 0, tzinfo=TZ)  # local midnight: whole simulated days
GENERATOR_VERSION = "2"  # 2: truth/posts.jsonl, crisis post_ids and peak


# ------------------------------------------------------------------------------------------ sizes
@dataclass(frozen=True)
class SizeSpec:
    days: int
    articles: int
    posts: int
    accounts: int


SIZES: dict[str, SizeSpec] = {
    "tiny": SizeSpec(days=3, articles=400, posts=4_000, accounts=400),
    "small": SizeSpec(days=7, articles=4_000, posts=50_000, accounts=3_000),
    "medium": SizeSpec(days=14, articles=20_000, posts=200_000, accounts=12_000),
    "large": SizeSpec(days=30, articles=100_000, posts=1_000_000, accounts=60_000),
}


def size_spec(size: str, **overrides: int | None) -> SizeSpec:
    if size not in SIZES:
        raise SizeInvalid(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    base = SIZES[size]
    vals = {k: getattr(base, k) for k in ("days", "articles", "posts", "accounts")}
    for k, v in overrides.items():
        if v is not None:
            if v <= 0:
                raise SizeInvalid(f"{k} must be positive, got {v}")
            vals[k] = v
    if vals["articles"] < 60 or vals["posts"] < 500 or vals["accounts"] < 120:
        raise SizeInvalid("need at least 60 articles, 500 posts and 120 accounts to plant every case")
    return SizeSpec(**vals)


# ------------------------------------------------------------------------------------------ helpers
def slugify(text: str, max_len: int = 80) -> str:
    t = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t[:max_len].rstrip("-")


def unit_hash(seed: int, stream: str, i: int) -> float:
    """A deterministic uniform number in [0, 1) for (seed, stream, i); far cheaper than seeding a Random."""
    d = hashlib.blake2b(f"{seed}:{stream}:{i}".encode(), digest_size=8).digest()
    return int.from_bytes(d, "big") / 18446744073709551616.0


# Daily activity profile (local time): share of the day's items per period. Night is quiet, the
# working day busy. Piecewise-linear CDF over the day fraction; ``day_warp`` maps a uniform time of day to
# this profile monotonically, so ordering (and streaming) is preserved.
_PROFILE = [(0.0, 0.0), (6 / 24, 0.04), (12 / 24, 0.45), (18 / 24, 0.8), (22 / 24, 0.97), (1.0, 1.0)]


def _interp(x: float, pts: list[tuple[float, float]]) -> float:
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y0
    return pts[-1][1]


def day_warp(epoch: float) -> float:
    """Move a uniformly spread time into the daily activity profile (same local day, monotone)."""
    local = epoch + 7 * 3600
    day, frac = divmod(local, 86400.0)
    inv = [(y, x) for x, y in _PROFILE]
    return day * 86400.0 + _interp(frac / 86400.0, inv) * 86400.0 - 7 * 3600


def day_unwarp(epoch: float) -> float:
    """Inverse of :func:`day_warp`."""
    local = epoch + 7 * 3600
    day, frac = divmod(local, 86400.0)
    return day * 86400.0 + _interp(frac / 86400.0, _PROFILE) * 86400.0 - 7 * 3600


def iso(dt: datetime) -> str:
    return dt.astimezone(TZ).isoformat()


def from_epoch(s: float) -> datetime:
    return datetime.fromtimestamp(s, tz=UTC).astimezone(TZ)


# ------------------------------------------------------------------------------------------ places
@dataclass(frozen=True)
class Unit:
    code: str
    name: str  # "Xã Thanh Ba"
    kind: str  # xã | phường
    former_province: str  # "Phú Thọ" | "Vĩnh Phúc" | "Hòa Bình"
    former_districts: tuple[str, ...]
    former_units: tuple[tuple[str, str], ...]  # (old_code, old_name)

    @property
    def mention(self) -> str:
        return self.kind + self.name[len(self.kind) :]  # lower-case type: "xã Thanh Ba"

    @property
    def ent(self) -> Ent:
        return Ent(self.mention, "LOC", f"place:{self.code}")


@dataclass(frozen=True)
class ExtPlace:
    slug: str
    mention: str
    region: str  # "TP Hà Nội"
    region_slug: str
    confusable: str | None


def _norm_prov(p: str) -> str:
    p = unicodedata.normalize("NFC", p).replace("Hoà", "Hòa").replace("Tỉnh ", "").strip()
    return p


def load_gazetteer(gazetteer_dir: Path) -> tuple[list[Unit], list[tuple[str, str, str]]]:
    """Return (new units, former districts [(code, name, province)])."""
    new_path = gazetteer_dir / "phutho_new_units_2025.csv"
    old_path = gazetteer_dir / "phutho_old_to_new_official.csv"
    dist_path = gazetteer_dir / "phutho_old_districts.csv"
    for p in (new_path, old_path, dist_path):
        if not p.is_file():
            raise GazetteerMissing(f"gazetteer file not found: {p} (set LANTOA_GAZETTEER_DIR)")
    formers: dict[str, list[tuple[str, str]]] = {}
    with old_path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            old_name = unicodedata.normalize("NFC", row["old_name"])
            if row["old_name"] != row["new_name"]:
                formers.setdefault(row["new_code"], []).append((row["old_code"], old_name))
    units: list[Unit] = []
    with new_path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = unicodedata.normalize("NFC", row["name"])
            units.append(
                Unit(
                    code=row["code"],
                    name=name,
                    kind=row["type"],
                    former_province=_norm_prov(row["former_provinces"].split(";")[0]),
                    former_districts=tuple(
                        unicodedata.normalize("NFC", d.strip()) for d in row["former_districts"].split(";")
                    ),
                    former_units=tuple(formers.get(row["code"], [])),
                )
            )
    districts: list[tuple[str, str, str]] = []
    with dist_path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            districts.append(
                (row["old_district_code"], unicodedata.normalize("NFC", row["old_district"]), _norm_prov(row["old_province"]))
            )
    units.sort(key=lambda u: u.code)
    return units, districts


EXT_PLACES: list[ExtPlace] = [
    ExtPlace("phuc-tho-hn", "xã Phúc Thọ", "TP Hà Nội", "ha-noi", "phuc_tho_hanoi"),
    ExtPlace("phu-tho-hcm", "phường Phú Thọ", "TP.HCM", "hcm", "phu_tho_hcmc"),
    ExtPlace("tam-nong-dt", "xã Tam Nông", "tỉnh Đồng Tháp", "dong-thap", "same_name_elsewhere"),
    ExtPlace("thanh-son-th", "xã Thanh Sơn", "tỉnh Thanh Hóa", "thanh-hoa", "same_name_elsewhere"),
    ExtPlace("yen-lac-tn", "xã Yên Lạc", "tỉnh Thái Nguyên", "thai-nguyen", "same_name_elsewhere"),
    ExtPlace("thong-nhat-dn", "phường Thống Nhất", "tỉnh Đồng Nai", "dong-nai", "same_name_elsewhere"),
    ExtPlace("tan-lac-na", "xã Tân Lạc", "tỉnh Nghệ An", "nghe-an", "same_name_elsewhere"),
    ExtPlace("cau-giay-hn", "phường Cầu Giấy", "TP Hà Nội", "ha-noi", None),
    ExtPlace("hoan-kiem-hn", "phường Hoàn Kiếm", "TP Hà Nội", "ha-noi", None),
    ExtPlace("ben-thanh-hcm", "phường Bến Thành", "TP.HCM", "hcm", None),
    ExtPlace("hai-chau-dn", "phường Hải Châu", "TP Đà Nẵng", "da-nang", None),
    ExtPlace("hong-bang-hp", "phường Hồng Bàng", "TP Hải Phòng", "hai-phong", None),
    ExtPlace("sa-pa-lc", "phường Sa Pa", "tỉnh Lào Cai", "lao-cai", None),
    ExtPlace("my-lam-tq", "phường Mỹ Lâm", "tỉnh Tuyên Quang", "tuyen-quang", None),
]
EXT_REGIONS = {p.region_slug: p.region for p in EXT_PLACES}

PROVINCE = Ent("tỉnh Phú Thọ", "LOC", "place:prov:phu-tho")
PROVINCE_SHORT = Ent("Phú Thọ", "LOC", "place:prov:phu-tho")
FORMER_PROVINCES = {
    "Vĩnh Phúc": Ent("tỉnh Vĩnh Phúc", "LOC", "place:prov:vinh-phuc-old"),
    "Hòa Bình": Ent("tỉnh Hòa Bình", "LOC", "place:prov:hoa-binh-old"),
    "Phú Thọ": Ent("tỉnh Phú Thọ", "LOC", "place:prov:phu-tho-old"),
}

# ------------------------------------------------------------------------------------------ organisations
PROV_ORGS: dict[str, Ent] = {
    k: Ent(v, "ORG", f"org:{k}")
    for k, v in {
        "ubnd-tinh": "UBND tỉnh Phú Thọ",
        "tinh-uy": "Tỉnh ủy Phú Thọ",
        "ca-tinh": "Công an tỉnh Phú Thọ",
        "csgt": "Phòng Cảnh sát giao thông Công an tỉnh Phú Thọ",
        "so-yte": "Sở Y tế tỉnh Phú Thọ",
        "so-gddt": "Sở Giáo dục và Đào tạo tỉnh Phú Thọ",
        "so-nnmt": "Sở Nông nghiệp và Môi trường tỉnh Phú Thọ",
        "so-tc": "Sở Tài chính tỉnh Phú Thọ",
        "so-xd": "Sở Xây dựng tỉnh Phú Thọ",
        "so-vhttdl": "Sở Văn hóa, Thể thao và Du lịch tỉnh Phú Thọ",
        "thanh-tra": "Thanh tra tỉnh Phú Thọ",
        "bqlkcn": "Ban Quản lý các khu công nghiệp tỉnh Phú Thọ",
        "bvdk": "Bệnh viện Đa khoa tỉnh Phú Thọ",
        "bv-hb": "Bệnh viện Đa khoa khu vực Hòa Bình",
        "bv-vp": "Bệnh viện Đa khoa khu vực Vĩnh Phúc",
        "bchqs": "Bộ Chỉ huy Quân sự tỉnh Phú Thọ",
        "vks": "Viện Kiểm sát nhân dân tỉnh Phú Thọ",
    }.items()
}
COMPANIES: list[Ent] = [
    Ent(v, "ORG", f"org:{k}")
    for k, v in {
        "co-song-thao": "Công ty TNHH Hóa chất Sông Thao",
        "co-hanaro": "Công ty TNHH Điện tử Hanaro Vina",
        "co-xm-datto": "Công ty CP Xi măng Đất Tổ",
        "co-may-hbx": "Công ty CP May Hòa Bình Xanh",
        "co-vyland": "Công ty CP Đầu tư Bất động sản Vĩnh Yên Land",
        "co-che-phuda": "Công ty CP Chè Phú Đa",
        "co-giay-lo": "Công ty TNHH Giấy Sông Lô",
        "co-gach-tamdao": "Công ty CP Gạch ốp lát Tam Đảo",
    }.items()
]
TOPIC_ORGS: dict[str, tuple[str, str]] = {  # topic -> (ORG key, ORG2 key)
    "accident": ("csgt", "bvdk"),
    "land_dispute": ("so-nnmt", "ubnd-tinh"),
    "pollution": ("so-nnmt", "ubnd-tinh"),
    "corruption": ("ca-tinh", "thanh-tra"),
    "investment": ("bqlkcn", "ubnd-tinh"),
    "tourism_festival": ("so-vhttdl", "ubnd-tinh"),
    "administration": ("ubnd-tinh", "tinh-uy"),
    "health": ("so-yte", "bvdk"),
    "education": ("so-gddt", "ubnd-tinh"),
    "security": ("ca-tinh", "vks"),
    "disaster": ("bchqs", "ubnd-tinh"),
}
EXT_ORG_PATTERNS: dict[str, tuple[str, str]] = {  # topic -> (ORG pattern, ORG2 pattern) with {R} = region
    "accident": ("Công an {R}", "Bệnh viện Đa khoa {R}"),
    "land_dispute": ("UBND {R}", "Sở Nông nghiệp và Môi trường {R}"),
    "pollution": ("Sở Nông nghiệp và Môi trường {R}", "UBND {R}"),
    "corruption": ("Công an {R}", "Thanh tra {R}"),
    "investment": ("UBND {R}", "Sở Tài chính {R}"),
    "tourism_festival": ("Sở Văn hóa, Thể thao và Du lịch {R}", "UBND {R}"),
    "administration": ("UBND {R}", "HĐND {R}"),
    "health": ("Sở Y tế {R}", "Bệnh viện Đa khoa {R}"),
    "education": ("Sở Giáo dục và Đào tạo {R}", "UBND {R}"),
    "security": ("Công an {R}", "Viện Kiểm sát nhân dân {R}"),
    "disaster": ("Bộ Chỉ huy Quân sự {R}", "UBND {R}"),
}
FESTIVALS = [
    "Lễ hội Đền Hùng",
    "Lễ hội Khai hạ Mường Bi",
    "Lễ hội Tây Thiên",
    "Lễ hội Rước Chúa Gái",
    "Lễ hội Trò Trám",
    "Tuần Văn hóa - Du lịch Đất Tổ",
    "Lễ hội Bơi chải Đầm Vạc",
    "Ngày hội Văn hóa dân tộc Mường",
]
EXT_COMPANIES = ["Công ty CP Đầu tư Sao Mai", "Công ty CP Xây dựng Hưng Thịnh", "Công ty CP Thực phẩm An Phát",
                 "Công ty CP Môi trường Xanh"]
EXT_FESTIVALS = ["Lễ hội Pháo hoa quốc tế", "Lễ hội Hoa phượng đỏ", "Lễ hội Chùa Hương", "Ngày hội Du lịch"]


# ------------------------------------------------------------------------------------------ people
SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Vũ Đỗ Bùi Đặng Ngô Dương Đinh Hà Lương Bạch Quách Cao Tạ Kiều Hán".split()
MIDDLES_M = "Văn Đức Minh Quang Hữu Xuân Mạnh Công Trung Tiến Thanh".split()
MIDDLES_F = "Thị Thu Ngọc Hồng Thanh Minh Phương Bích Mai".split()
GIVEN_M = "Hùng Dũng Tuấn Thắng Long Nam Sơn Hải Quân Trung Cường Đạt Khánh Tú Hưng Thành Phong Vinh Toàn Hiếu Lâm Kiên Tâm".split()
GIVEN_F = "Lan Hương Hà Phương Hạnh Yến Thủy Linh Huyền Hoa Trang Nhung Thảo Vân Ngân Dung Quyên Hiền Mai Oanh Loan".split()

OFFICIAL_TITLES = [
    ("Chủ tịch UBND", "loc"),
    ("Phó Chủ tịch UBND", "loc"),
    ("Bí thư Đảng ủy", "loc"),
    ("Trưởng phòng Kinh tế", "loc"),
    ("Giám đốc", "org"),
    ("Phó Giám đốc", "org"),
    ("Chánh Văn phòng", "org"),
    ("Trưởng phòng", "org"),
]


@dataclass
class Person:
    id: str
    name: str
    gender: str
    role: str  # official | spokesperson | journalist | photographer | citizen
    title: str = ""
    org: str | None = None  # org key
    outlets: list[str] = field(default_factory=list)
    resident: bool = False
    aliases: list[str] = field(default_factory=list)

    @property
    def ent(self) -> Ent:
        return Ent(self.name, "PER", self.id)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "gender": self.gender,
            "role": self.role,
            "title": self.title,
            "org": f"org:{self.org}" if self.org else None,
            "outlets": self.outlets,
            "resident": self.resident,
            "aliases": self.aliases,
        }


def _name(rng: random.Random, gender: str) -> str:
    if gender == "m":
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES_F)} {rng.choice(GIVEN_F)}"


# ------------------------------------------------------------------------------------------ outlets
@dataclass
class Outlet:
    host: str
    name: str
    kind: str
    level: str
    licence: str
    weight: float  # share of article volume
    province_share: float  # share of original articles about the province
    sentiment_bias: tuple[float, float, float]  # positive, neutral, negative
    style: dict
    sections: list[tuple[str, str]]  # (slug, name)
    robots_disallow: list[str] = field(default_factory=list)
    copies: bool = False  # aggregator/content farm: mostly copies

    @property
    def url(self) -> str:
        return f"http://{self.host}/"

    def section_path(self, slug: str) -> str:
        return f"/{slug}/" if self.style["url_pattern"] != "farm" else f"/chuyen-muc/{slug}/"

    def feeds(self) -> list[dict]:
        out: list[dict] = []
        st = self.style
        if st.get("rss"):
            out.append({"kind": "rss", "url": f"http://{self.host}/rss/home.rss"})
            for slug, _ in self.sections:
                if f"/{slug}/" not in self.robots_disallow:
                    out.append({"kind": "rss", "url": f"http://{self.host}/rss/{slug}.rss"})
        if st.get("sitemap"):
            out.append({"kind": "sitemap", "url": f"http://{self.host}/sitemap-news.xml"})
            out.append({"kind": "sitemap_index", "url": f"http://{self.host}/sitemap.xml"})
        for slug, _ in self.sections:
            out.append({"kind": "section", "url": f"http://{self.host}{self.section_path(slug)}"})
        return out

    def to_json(self) -> dict:
        return {
            "host": self.host,
            "name": self.name,
            "kind": self.kind,
            "level": self.level,
            "licence": self.licence,
            "url": self.url,
            "sections": [
                {"slug": s, "name": n, "path": self.section_path(s)} for s, n in self.sections
            ],
            "feeds": self.feeds(),
            "robots_disallow": self.robots_disallow,
            "style": self.style,
            "copies": self.copies,
        }


STD_SECTIONS = [
    ("thoi-su", "Thời sự"),
    ("xa-hoi", "Xã hội"),
    ("kinh-te", "Kinh tế"),
    ("phap-luat", "Pháp luật"),
    ("van-hoa", "Văn hóa - Du lịch"),
    ("giao-duc", "Giáo dục"),
    ("suc-khoe", "Sức khỏe"),
    ("moi-truong", "Môi trường"),
]
TOPIC_SECTION = {
    "accident": "xa-hoi",
    "land_dispute": "phap-luat",
    "pollution": "moi-truong",
    "corruption": "phap-luat",
    "investment": "kinh-te",
    "tourism_festival": "van-hoa",
    "administration": "thoi-su",
    "health": "suc-khoe",
    "education": "giao-duc",
    "security": "phap-luat",
    "disaster": "thoi-su",
}

OUTLETS: list[Outlet] = [
    Outlet("baodatto.vn", "Báo Đất Tổ", "paper", "provincial", "Giấy phép số 12/GP-BTTTT", 0.16, 1.0,
           (0.45, 0.4, 0.15),
           {"jsonld": True, "og": True, "date_format": "thu_dmy_hm_gmt", "byline": "end", "lead_tag": "PTO-",
            "url_pattern": "pto", "page_pattern": "trang", "rss": True, "sitemap": True, "photo_credit": True},
           STD_SECTIONS + [("tin-noi-bo", "Tin nội bộ")], robots_disallow=["/tin-noi-bo/"]),
    Outlet("truyenhinhdatto.vn", "Đài Phát thanh và Truyền hình Đất Tổ", "broadcaster", "provincial",
           "Giấy phép số 45/GP-BTTTT", 0.09, 0.97, (0.4, 0.45, 0.15),
           {"jsonld": False, "og": True, "date_format": "dmy_dash_hm", "byline": "end", "lead_tag": None,
            "url_pattern": "tv", "page_pattern": "query", "rss": True, "sitemap": False, "photo_credit": False},
           STD_SECTIONS[:6]),
    Outlet("dantrimoi.com.vn", "Dân Trí Mới", "national", "national", "Giấy phép số 298/GP-BTTTT", 0.13, 0.18,
           (0.3, 0.35, 0.35),
           {"jsonld": True, "og": True, "date_format": "thu_dmy_dash_hm", "byline": "top", "lead_tag": "(Dân trí) -",
            "url_pattern": "dantri", "page_pattern": "trang", "rss": True, "sitemap": True, "photo_credit": True},
           STD_SECTIONS),
    Outlet("tinnhanhvn.net", "Tin Nhanh Việt Nam", "national", "national", "Giấy phép số 548/GP-BTTTT", 0.12, 0.15,
           (0.3, 0.35, 0.35),
           {"jsonld": True, "og": True, "date_format": "thu_dmy_comma_gmt", "byline": "end", "lead_tag": None,
            "url_pattern": "vnex", "page_pattern": "p", "rss": True, "sitemap": True, "photo_credit": True},
           STD_SECTIONS),
    Outlet("laodongviet.vn", "Lao Động Việt", "national", "national", "Giấy phép số 1721/GP-BTTTT", 0.08, 0.3,
           (0.25, 0.35, 0.4),
           {"jsonld": False, "og": True, "date_format": "hm_dmy", "byline": "top", "lead_tag": None,
            "url_pattern": "ld", "page_pattern": "query", "rss": True, "sitemap": True, "photo_credit": True},
           STD_SECTIONS),
    Outlet("tuoitrethudo.vn", "Tuổi Trẻ Thủ Đô", "national", "national", "Giấy phép số 477/GP-BTTTT", 0.08, 0.12,
           (0.3, 0.4, 0.3),
           {"jsonld": True, "og": False, "date_format": "dmy_dash_hm", "byline": "end", "lead_tag": "TTO -",
            "url_pattern": "tuoitre", "page_pattern": "trang", "rss": True, "sitemap": True, "photo_credit": True},
           STD_SECTIONS),
    Outlet("nongthonviet.vn", "Nông Thôn Việt", "national", "national", "Giấy phép số 86/GP-BTTTT", 0.06, 0.35,
           (0.35, 0.35, 0.3),
           {"jsonld": True, "og": True, "date_format": "dmy_hyphen_hm", "byline": "top", "lead_tag": None,
            "url_pattern": "ld", "page_pattern": "p", "rss": False, "sitemap": True, "photo_credit": True},
           STD_SECTIONS),
    Outlet("truyenhinhquocgia.vn", "Truyền hình Quốc gia Online", "tv", "national", "Giấy phép số 96/GP-BTTTT",
           0.06, 0.12, (0.35, 0.45, 0.2),
           {"jsonld": True, "og": True, "date_format": "dmy_dash_hm", "byline": "end", "lead_tag": "VTVO -",
            "url_pattern": "tv", "page_pattern": "query", "rss": False, "sitemap": True, "photo_credit": False},
           STD_SECTIONS[:6]),
    Outlet("phatthanhviet.vn", "Phát thanh Việt", "radio", "national", "Giấy phép số 19/GP-BTTTT", 0.05, 0.15,
           (0.3, 0.5, 0.2),
           {"jsonld": False, "og": True, "date_format": "relative", "byline": "end", "lead_tag": "VOV.VN -",
            "url_pattern": "vnex", "page_pattern": "p", "rss": True, "sitemap": False, "photo_credit": False},
           STD_SECTIONS[:6]),
    Outlet("tinmoi24h.net", "Tin Mới 24h", "aggregator", "none", "", 0.07, 0.3, (0.3, 0.35, 0.35),
           {"jsonld": True, "og": True, "date_format": "dmy_dash_hm", "byline": "source", "lead_tag": None,
            "url_pattern": "farm", "page_pattern": "query", "rss": True, "sitemap": True, "photo_credit": False},
           STD_SECTIONS[:5], copies=True),
    Outlet("docbao365.com", "Đọc Báo 365", "contentfarm", "none", "", 0.05, 0.3, (0.2, 0.3, 0.5),
           {"jsonld": False, "og": True, "date_format": "hm_dmy", "byline": "none", "lead_tag": None,
            "url_pattern": "farm", "page_pattern": "p", "rss": True, "sitemap": False, "photo_credit": False},
           STD_SECTIONS[:4], copies=True),
    Outlet("tintucdatto24h.com", "Tin tức Đất Tổ 24h", "fanpage", "none", "", 0.03, 0.9, (0.1, 0.25, 0.65),
           {"jsonld": False, "og": True, "date_format": "relative", "byline": "none", "lead_tag": None,
            "url_pattern": "wp", "page_pattern": "wp", "rss": True, "sitemap": False, "photo_credit": False},
           [("tin-nong", "Tin nóng"), ("doi-song", "Đời sống")]),
    Outlet("hoabinhxanh.info", "Hòa Bình Xanh", "fanpage", "none", "", 0.02, 0.85, (0.3, 0.3, 0.4),
           {"jsonld": True, "og": False, "date_format": "dmy_hyphen_hm", "byline": "none", "lead_tag": None,
            "url_pattern": "wp", "page_pattern": "wp", "rss": True, "sitemap": False, "photo_credit": False},
           [("tin-nong", "Tin nóng"), ("doi-song", "Đời sống")]),
]
OUTLET_BY_HOST = {o.host: o for o in OUTLETS}
CHANNEL_HOST = "tube.vn"


def outlet_section(outlet: Outlet, topic: str, rng: random.Random) -> tuple[str, str]:
    slugs = dict(outlet.sections)
    if "tin-noi-bo" in slugs and topic == "administration" and rng.random() < 0.15:
        return "tin-noi-bo", slugs["tin-noi-bo"]
    want = TOPIC_SECTION[topic]
    if want in slugs:
        return want, slugs[want]
    if outlet.kind == "fanpage":
        s = "tin-nong" if rng.random() < 0.6 else "doi-song"
        return s, slugs[s]
    s = outlet.sections[0][0] if topic in ("administration", "disaster") else outlet.sections[1][0]
    return s, slugs[s]


# ------------------------------------------------------------------------------------------ the world
@dataclass
class World:
    seed: int
    spec: SizeSpec
    start: datetime
    units: list[Unit]
    districts: list[tuple[str, str, str]]
    officials: list[Person]
    spokespeople: list[Person]
    journalists: list[Person]
    photographers: list[Person]
    citizens: list[Person]
    outlets: list[Outlet] = field(default_factory=lambda: list(OUTLETS))

    @property
    def end(self) -> datetime:
        return self.start + timedelta(days=self.spec.days)

    @property
    def span_s(self) -> float:
        return self.spec.days * 86400.0

    def journalists_for(self, host: str) -> list[Person]:
        return [j for j in self.journalists if host in j.outlets]

    def entities_json(self) -> dict:
        places = []
        for u in self.units:
            places.append({"id": f"place:{u.code}", "name": u.name, "mention": u.mention, "level": u.kind,
                           "admin_code": u.code, "former_province": u.former_province,
                           "former_units": [{"id": f"place:old:{c}", "name": n} for c, n in u.former_units]})
            for c, n in u.former_units:
                places.append({"id": f"place:old:{c}", "name": n, "level": "former_commune", "admin_code": c,
                               "current_unit": f"place:{u.code}"})
        for code, name, prov in self.districts:
            places.append({"id": f"place:olddist:{code}", "name": name, "level": "former_district",
                           "admin_code": code, "former_province": prov})
        places.append({"id": PROVINCE.id, "name": "Tỉnh Phú Thọ", "level": "province"})
        for e in FORMER_PROVINCES.values():
            places.append({"id": e.id, "name": e.text, "level": "former_province", "current_unit": PROVINCE.id})
        for p in EXT_PLACES:
            places.append({"id": f"place:ext:{p.slug}", "name": p.mention, "level": "external", "region": p.region,
                           "confusable": p.confusable})
        for slug, r in sorted(EXT_REGIONS.items()):
            places.append({"id": f"place:ext:{slug}", "name": r, "level": "external_region"})
        orgs = [{"id": e.id, "name": e.text} for e in PROV_ORGS.values()] + [
            {"id": e.id, "name": e.text, "kind": "company"} for e in COMPANIES
        ]
        orgs += [{"id": f"org:outlet:{o.host}", "name": o.name, "kind": "outlet"} for o in self.outlets]
        seen: set[str] = set()
        for pats in EXT_ORG_PATTERNS.values():
            for pat in pats:
                for rslug, region in sorted(EXT_REGIONS.items()):
                    oid = f"org:ext:{slugify(pat.format(R=rslug))}"
                    if oid not in seen:
                        seen.add(oid)
                        orgs.append({"id": oid, "name": pat.format(R=region), "kind": "external"})
        orgs += [{"id": f"org:ext:{slugify(c)}", "name": c, "kind": "company_external"} for c in EXT_COMPANIES]
        orgs += [{"id": f"org:ubnd:{u.code}", "name": f"UBND {u.mention}", "kind": "commune_government"}
                 for u in self.units]
        people = [p.to_json() for p in self.officials + self.spokespeople + self.citizens]
        return {"places": places, "organizations": orgs, "people": people}

    def people_json(self) -> dict:
        return {
            "journalists": [p.to_json() for p in self.journalists],
            "photographers": [p.to_json() for p in self.photographers],
            "spokespeople": [p.to_json() for p in self.spokespeople],
            "officials": [p.to_json() for p in self.officials],
        }


def build_world(seed: int, spec: SizeSpec, gazetteer_dir: Path, start: datetime = DEFAULT_START) -> World:
    units, districts = load_gazetteer(gazetteer_dir)
    rng = random.Random(f"{seed}:world")
    n = 0

    def new_person(role: str, **kw) -> Person:
        nonlocal n
        n += 1
        g = rng.choice("mf")
        return Person(id=f"person:{n}", name=_name(rng, g), gender=g, role=role, **kw)

    officials: list[Person] = []
    for key in PROV_ORGS:
        for title in ("Giám đốc", "Phó Giám đốc"):
            t = title if not key.startswith(("ubnd", "tinh-uy")) else ("Chủ tịch" if title == "Giám đốc" else "Phó Chủ tịch")
            officials.append(new_person("official", title=t, org=key))
    spokespeople: list[Person] = []
    for key in ("ubnd-tinh", "ca-tinh", "so-yte", "so-nnmt", "so-gddt", "so-vhttdl", "bqlkcn", "thanh-tra", "bchqs", "so-xd"):
        title = "Chánh Văn phòng" if key == "ubnd-tinh" else "Phó Giám đốc"
        spokespeople.append(new_person("spokesperson", title=title, org=key))
    journalists: list[Person] = []
    hosts = [o.host for o in OUTLETS if o.kind not in ("aggregator", "contentfarm", "fanpage")]
    for o in OUTLETS:
        if o.kind in ("aggregator", "contentfarm", "fanpage"):
            continue
        k = 6 if o.level == "provincial" else 3
        for j in range(k):
            p = new_person("journalist", outlets=[o.host], resident=(o.level == "national" and j < 2))
            journalists.append(p)
    # people writing for several outlets (freelancers, collaborators)
    for p in journalists[:: 5]:
        extra = rng.choice([h for h in hosts if h not in p.outlets])
        p.outlets.append(extra)
    for p in journalists:
        parts = p.name.split()
        p.aliases = [" ".join(parts[-2:])]
    photographers = [new_person("photographer") for _ in range(8)]
    n_cit = max(300, spec.articles // 20)
    citizens = [new_person("citizen") for _ in range(n_cit)]
    return World(seed, spec, start, units, districts, officials, spokespeople, journalists, photographers, citizens)
