"""Social-media export (docs/social-export-schema.md) and YouTube-style channel videos.

Accounts are held in memory (≤ ~100k small objects); posts are streamed in time order: a regular
stream (communities, super-spreaders, amplifiers) merged with the planted events (false story and its
refutation, coordinated link sharing, the crisis burst)."""

from __future__ import annotations

import base64
import bisect
import hashlib
import heapq
import math
import random
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import text as T
from .articles import Plan
from .world import OUTLETS, SURNAMES, World, _name, day_warp, from_epoch, iso

FOLLOWER_THRESHOLD = 2000
# a post line carries its true sentiment under this key while it is generated; the writer moves it to
# truth/posts.jsonl (never into the export)
TRUTH_KEY = "_truth_sentiment"
COMMUNITIES = [
    ("c0", "Cư dân Việt Trì - Phú Thọ cũ", "facebook"),
    ("c1", "Hòa Bình cũ - du lịch, đời sống", "facebook"),
    ("c2", "Vĩnh Phúc cũ - công nhân khu công nghiệp", "facebook"),
    ("c3", "Báo chí và cơ quan nhà nước", "facebook"),
    ("c4", "Trang tin giật gân", "facebook"),
    ("c5", "Giới trẻ TikTok", "tiktok"),
    ("c6", "Phụ huynh và giáo dục", "zalo"),
    ("c7", "Kinh doanh, bất động sản", "x"),
]
COMM_WEIGHTS = [0.2, 0.14, 0.16, 0.04, 0.12, 0.14, 0.1, 0.1]
PAGE_WORDS = ["Tin tức", "Hóng biến", "Góc nhìn", "Cộng đồng", "Chợ", "Review", "Nhật ký", "Đời sống"]
PAGE_PLACES = ["Việt Trì", "Đất Tổ", "Phú Thọ", "Vĩnh Yên", "Phúc Yên", "Hòa Bình", "Mai Châu", "Tam Đảo", "Lâm Thao"]
TOPIC_LINES = {
    "accident": "tai nạn trên quốc lộ [2|32|32C] [sáng nay|tối qua]",
    "land_dispute": "[chuyện đền bù đất|tranh chấp đất] ở [quê mình|xã bên]",
    "pollution": "[mùi hôi|khói bụi|nước thải] [ở khu công nghiệp|ngoài sông]",
    "corruption": "[vụ cán bộ xã bị bắt|sai phạm ở ban quản lý dự án]",
    "investment": "[nhà máy mới|khu công nghiệp mới] [sắp tuyển người|khởi công]",
    "tourism_festival": "[lễ hội|điểm du lịch] [đông vui quá|cuối tuần này]",
    "administration": "[làm thủ tục sau sáp nhập|trụ sở xã mới]",
    "health": "[tiêm chủng cho con|khám bệnh ở bệnh viện tỉnh]",
    "education": "[điểm chuẩn lớp 10|năm học mới] [năm nay|sắp tới]",
    "security": "[cảnh báo lừa đảo qua mạng|công an vừa bắt nhóm đánh bạc]",
    "disaster": "[mưa to quá|sạt lở đường] [ở vùng núi|đêm qua]",
}
FALSE_TEXTS = [
    "[KHẨN|NÓNG|Cảnh báo]: [chiều nay|hôm qua] có xe cứu thương lạ [bắt cóc một bé trai|bắt trẻ con] ở [Thanh Ba|xã Thanh Ba], [các bố mẹ|phụ huynh] [trông con cẩn thận|đừng cho con ra đường một mình]!!! [Share gấp|Chia sẻ ngay] cho mọi người",
]
REFUTE_TEXT = ("[Công an tỉnh Phú Thọ thông tin|THÔNG TIN CHÍNH THỨC]: [nội dung|bài đăng] về việc xe cứu thương bắt cóc trẻ em "
               "tại xã Thanh Ba là SAI SỰ THẬT. [Đề nghị người dân|Người dân] không chia sẻ tin đồn thất thiệt.")
CRISIS_TEXTS = [
    "[Cá chết trắng|Cá chết hàng loạt] trên sông Lô [đoạn qua xã Sông Lô|ở Sông Lô] [mùi hôi không chịu nổi|thối khắp làng] 😡 [ai chịu trách nhiệm đây|chính quyền ở đâu]??",
    "[Nước sông Lô đen ngòm|Sông Lô ô nhiễm nặng], [cả làng|bà con] [không dám dùng nước|phải đóng cửa cả ngày]. [Phải xử lý nhà máy xả thải|Đề nghị điều tra ngay]!",
    "[Xót quá|Đau lòng quá], [lồng cá|ao cá] nhà [bác tôi|mình] chết sạch [sau một đêm|vì nước thải sông Lô] 😢 #songLo #onhiem",
    "[Lại là nhà máy xả thải ra sông Lô|Nhà máy giấy xả thải ra sông Lô] [đúng không|rồi]? [Ngày nào cũng thế|Bao giờ mới xử lý]?! [Bức xúc|Phẫn nộ] quá",
]
COORD_TEXTS = [
    "[Mọi người đọc đi|Đọc để thấy sự thật|Sự thật đây] 👇",
    "[Share mạnh|Lan tỏa] [cho mọi người cùng biết|để ai cũng biết]!",
    "[Không thể tin nổi|Quá đáng thật]",
]
REACTIONS = ["like", "love", "haha", "wow", "sad", "angry"]


@dataclass
class Account:
    idx: int
    platform: str
    handle: str
    name: str
    followers: int
    kind: str
    community: int
    roles: list[str] = field(default_factory=list)
    verified: bool = False
    outlet: str | None = None
    created_at: str | None = None
    target: int | None = None  # amplifiers: account index they amplify
    activity: float = 1.0

    @property
    def gid(self) -> str:
        return f"{self.platform}:{self.handle}"

    def line(self, observed_at: str) -> dict:
        d = {"type": "account", "platform": self.platform, "handle": self.handle, "name": self.name,
             "followers": self.followers, "kind": self.kind, "verified": self.verified, "observed_at": observed_at}
        if self.created_at:
            d["created_at"] = self.created_at
        if self.outlet:
            d["outlet"] = self.outlet
        return d


def _handle(rng: random.Random, platform: str, name: str, i: int) -> str:
    base = "".join(c for c in _ascii(name).lower() if c.isalnum())
    if platform == "facebook":
        return str(100000000000000 + i * 7919) if rng.random() < 0.6 else f"{base}.{i}"
    if platform == "youtube":
        return "UC" + base64.urlsafe_b64encode(hashlib.sha256(f"{base}{i}".encode()).digest())[:22].decode()
    return f"{base}{i}"


def _ascii(s: str) -> str:
    from .world import slugify

    return slugify(s).replace("-", "")


def build_accounts(world: World) -> list[Account]:
    rng = random.Random(f"{world.seed}:accounts")
    n = world.spec.accounts
    accs: list[Account] = []
    start = world.start

    def add(platform: str, name: str, followers: int, kind: str, comm: int, **kw) -> Account:
        a = Account(len(accs), platform, kw.pop("handle", None) or _handle(rng, platform, name, len(accs)), name,
                    followers, kind, comm, **kw)
        accs.append(a)
        return a

    for o in OUTLETS:
        add("facebook", o.name, rng.randint(30_000, 900_000) if o.level != "none" else rng.randint(2_500, 60_000),
            "outlet" if o.level != "none" else "page", 3 if o.level != "none" else 4, outlet=o.host,
            verified=o.level != "none", roles=["outlet"], handle=o.host.split(".")[0], activity=4.0)
    for host in ("truyenhinhdatto.vn", "truyenhinhquocgia.vn", "tintucdatto24h.com"):
        o = next(x for x in OUTLETS if x.host == host)
        add("youtube", o.name, rng.randint(20_000, 400_000), "channel", 3 if o.level != "none" else 4,
            outlet=host, roles=["outlet"], activity=1.5)
    add("facebook", "Công an tỉnh Phú Thọ", 412_000, "official", 3, verified=True, roles=["official"],
        handle="congantinhphutho", activity=0.5)
    add("facebook", "Cổng TTĐT tỉnh Phú Thọ", 98_000, "official", 3, verified=True, roles=["official"],
        handle="ubndtinhphutho", activity=0.5)
    add("facebook", "Tin Nóng Đất Tổ 24/7", 1_480, "page", 4, roles=["false_origin"], handle="tinnongdatto247",
        activity=0.5, created_at=iso(start.replace(month=5)))
    # coordinated group: young accounts, few followers
    for _ in range(15):
        g = rng.choice("mf")
        add("facebook", _name(rng, g), rng.randint(40, 900), "person", 4, roles=["coordinated"], activity=0.3,
            created_at=iso(start.replace(month=6, day=rng.randint(1, 25))))
    while len(accs) < n:
        comm = rng.choices(range(len(COMMUNITIES)), COMM_WEIGHTS)[0]
        platform = COMMUNITIES[comm][2]
        if rng.random() < 0.15:
            platform = rng.choice(["facebook", "tiktok", "youtube", "x", "zalo"])
        if platform == "youtube" or rng.random() < 0.12:
            kind = "channel" if platform == "youtube" else "page"
            name = f"{rng.choice(PAGE_WORDS)} {rng.choice(PAGE_PLACES)}"
        else:
            kind = "person"
            name = _name(rng, rng.choice("mf"))
        followers = int(math.exp(rng.gauss(6.4, 1.5)))
        add(platform, name, followers, kind, comm, activity=rng.paretovariate(2.0))
    # super-spreaders and amplifiers per community
    for c in range(len(COMMUNITIES)):
        members = [a for a in accs if a.community == c and not a.roles]
        k = max(1, len(members) // 100)
        for a in rng.sample(members, min(k, len(members))):
            a.roles.append("super_spreader")
            a.followers = rng.randint(20_000, 500_000)
            a.activity = 6.0
            a.verified = rng.random() < 0.3
        ss = [a for a in members if "super_spreader" in a.roles]
        rest = [a for a in members if not a.roles]
        for a in rng.sample(rest, min(len(rest), max(2, len(members) * 3 // 100))):
            target = rng.choice([s for s in ss if s.platform == a.platform] or ss)
            if target.platform != a.platform:
                continue
            a.roles.append("amplifier")
            a.target = target.idx
            a.activity = 3.0
    for a in accs:
        if not a.roles:
            a.roles.append("regular")
        if a.created_at is None and rng.random() < 0.5:
            a.created_at = iso(start.replace(year=rng.randint(2012, 2024)))
    return accs


@dataclass
class ArticleRef:
    t: list[float] = field(default_factory=list)
    url: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    province: list[bool] = field(default_factory=list)
    sentiment: list[str] = field(default_factory=list)
    story: list[str | None] = field(default_factory=list)

    def add(self, rec: dict, truth: dict, t: float) -> None:
        if truth["expected_status"] != 200:
            return
        self.t.append(t)
        self.url.append(rec["url"])
        self.title.append(rec["title"])
        self.province.append(truth["concerns_province"])
        self.sentiment.append(truth["sentiment"])
        self.story.append(truth["story"])


def _tracked(url: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        return url
    if r < 0.75:
        return f"{url}?utm_source=facebook&utm_medium=social&utm_campaign=share"
    return f"{url}?fbclid=IwAR{hashlib.md5(f'{url}{r}'.encode()).hexdigest()[:24]}"


def _permalink(a: Account, pid: str) -> str:
    if a.platform == "facebook":
        return f"https://www.facebook.com/{a.handle}/posts/{pid}"
    if a.platform == "tiktok":
        return f"https://www.tiktok.com/@{a.handle}/video/{pid}"
    if a.platform == "youtube":
        return f"http://tube.vn/watch?v={pid}"
    if a.platform == "x":
        return f"https://x.com/{a.handle}/status/{pid}"
    return f"https://zalo.me/{a.handle}/{pid}"


def _video_id(seed: int, k: int) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(f"{seed}:v:{k}".encode()).digest())[:11].decode()


class SocialGenerator:
    """Produces export lines (dicts) in time order, plus video records and ground truth."""

    def __init__(self, world: World, plan: Plan, accounts: list[Account], arts: ArticleRef) -> None:
        self.w = world
        self.plan = plan
        self.accs = accounts
        self.arts = arts
        self.observed = iso(world.end)
        self.start_s = world.start.timestamp()
        regular = [a for a in accounts if "coordinated" not in a.roles and "false_origin" not in a.roles]
        self.regular = regular
        cum = []
        s = 0.0
        for a in regular:
            s += a.activity
            cum.append(s)
        self.cum = cum
        self.total = s
        self.videos: list[dict] = []  # appended as they are produced; flushed by the writer
        self.stories: list[dict] = []
        self.coord: dict = {}
        self.crisis: dict = {}
        self.crisis_accounts: set[str] = set()
        self.by_handle = {a.handle: a for a in accounts}

    # ------------------------------------------------------------------ helpers
    def _article_before(self, rng: random.Random, t: float, province_pref: float = 0.7) -> int | None:
        hi = bisect.bisect_left(self.arts.t, t)
        if hi == 0:
            return None
        lo = max(0, hi - 300)
        j = rng.randrange(lo, hi)
        for _ in range(3):
            if self.arts.province[j] or rng.random() > province_pref:
                break
            j = rng.randrange(lo, hi)
        return j

    def _post(self, a: Account, pid: str, t: float, kind: str, text: str, rng: random.Random, *,
              parent: str | None = None, parent_url: str | None = None, links: list[str] | None = None,
              time_mode: str = "full") -> dict:
        d: dict = {"type": "post", "platform": a.platform, "post_id": pid, "account": a.handle}
        dt = from_epoch(round(t))
        if time_mode == "full":
            d["created_at"] = iso(dt)
        elif time_mode == "no_offset":
            d["created_at"] = dt.strftime("%Y-%m-%dT%H:%M:%S")
        if kind != "post":
            d["kind"] = kind
        d["text"] = text
        d["url"] = _permalink(a, pid)
        if parent:
            d["parent_id"] = parent
        if parent_url:
            d["parent_url"] = parent_url
        if links:
            d["links"] = links
        reach = max(1.0, a.followers) ** 0.5
        d["likes"] = int(reach * rng.random() * 3)
        d["shares"] = int(reach * rng.random() * 0.4)
        d["comments"] = int(reach * rng.random() * 0.6)
        if a.platform in ("tiktok", "youtube"):
            d["views"] = int(reach * rng.random() * 60)
        d["observed_at"] = self.observed
        return d

    def _social_text(self, rng: random.Random, sentiment: str, head: str, link: str, place: str) -> str:
        tpl = rng.choice(T.SOCIAL[sentiment])
        return T.render(tpl, {"HEAD": head, "HEAD_L": head[:1].lower() + head[1:], "LINK": link, "L_S": place},
                        rng)[0].strip()

    # ------------------------------------------------------------------ the regular stream
    def regular_stream(self, n: int) -> Iterator[tuple[float, int, list[dict]]]:
        w = self.w
        span = w.span_s
        buffers: dict[tuple[str, int], deque] = {}
        last_post: dict[int, tuple[str, float]] = {}
        ss_recent: dict[tuple[str, int], deque] = {}
        rng = random.Random(f"{w.seed}:posts")
        for k in range(n):
            t = day_warp(self.start_s + (k + rng.random() * 0.98) * span / n)
            a = self.regular[min(len(self.regular) - 1, bisect.bisect_left(self.cum, rng.random() * self.total))]
            pid = _video_id(w.seed, k) if a.platform == "youtube" else str(10_000_000_000 + k * 13)
            key = (a.platform, a.community)
            buf = buffers.setdefault(key, deque(maxlen=200))
            out: list[dict] = []
            r = rng.random()
            post: dict
            if a.target is not None and a.target in last_post and r < 0.7:
                ppid, _ = last_post[a.target]
                post = self._post(a, pid, t, "share", "" if rng.random() < 0.6 else rng.choice(["👍", "Chia sẻ", "Hay"]),
                                  rng, parent=ppid)
            elif a.platform == "youtube" or r < 0.4 or not buf:
                j = self._article_before(rng, t)
                if j is not None and rng.random() < 0.6:
                    url = _tracked(self.arts.url[j], rng) if a.kind != "outlet" else self.arts.url[j]
                    text = self._social_text(rng, self.arts.sentiment[j], self.arts.title[j], url if rng.random() < 0.5 else "",
                                             rng.choice(PAGE_PLACES))
                    kind = "share" if rng.random() < 0.5 and a.platform != "youtube" else "post"
                    post = self._post(a, pid, t, kind, text, rng, parent_url=url if kind == "share" else None,
                                      links=[url])
                    post[TRUTH_KEY] = self.arts.sentiment[j]
                    title = self.arts.title[j]
                else:
                    topic = rng.choice(T.TOPICS)
                    sent = rng.choice(("positive", "neutral", "negative"))
                    head = T.render(TOPIC_LINES[topic], {}, rng)[0]
                    text = self._social_text(rng, sent, head, "", rng.choice(PAGE_PLACES))
                    post = self._post(a, pid, t, "post", text, rng)
                    post[TRUTH_KEY] = sent
                    title = head
                if a.platform == "youtube":
                    self.videos.append({"video_id": pid, "channel_id": a.handle, "channel_name": a.name,
                                        "title": title, "description": post["text"], "published": post["created_at"],
                                        "updated": iso(from_epoch(round(t) + rng.randint(0, 7200))),
                                        "views": post.get("views", 0), "url": post["url"]})
            elif r < 0.78:
                if "super_spreader" not in a.roles and (ssb := ss_recent.get(key)) and rng.random() < 0.35:
                    ppid = rng.choice(ssb)
                else:
                    ppid = rng.choice(buf)[0] if rng.random() < 0.85 or len(buffers) < 2 else None
                    if ppid is None:
                        other = buffers[rng.choice(sorted(k2 for k2 in buffers if k2[0] == a.platform))]
                        ppid = rng.choice(other)[0] if other else rng.choice(buf)[0]
                txt = "" if rng.random() < 0.5 else rng.choice(["Chia sẻ", "Mọi người xem", "😢", "👍", "Đáng suy ngẫm", "Tin này chuẩn không?"])
                post = self._post(a, pid, t, "share", txt, rng, parent=ppid)
            elif r < 0.9:
                ppid = rng.choice(buf)[0]
                post = self._post(a, pid, t, "reply", T.pick_alternatives(rng.choice(T.COMMENTS), rng), rng, parent=ppid)
            else:
                ppid = rng.choice(buf)[0]
                post = self._post(a, pid, t, "quote", T.pick_alternatives(rng.choice(T.COMMENTS), rng) + " " +
                                  rng.choice(["Đọc mà buồn", "Quá hay", "Ai biết thêm không"]), rng, parent=ppid)
            out.append(post)
            if post.get("kind") in (None, "post", "share", "quote") and a.platform != "youtube":
                buf.append((pid, a.idx))
                last_post[a.idx] = (pid, t)
                if "super_spreader" in a.roles:
                    ss_recent.setdefault(key, deque(maxlen=20)).append(pid)
            if rng.random() < 0.03:
                for _ in range(rng.randint(1, 3)):
                    rx: dict = {"type": "reaction", "platform": a.platform, "post_id": pid,
                                "reaction": rng.choice(REACTIONS)}
                    if rng.random() < 0.5:
                        rx["account"] = self.regular[rng.randrange(len(self.regular))].handle
                    rx["created_at"] = iso(from_epoch(round(t) + rng.randint(10, 7200)))
                    out.append(rx)
            yield t, 0, out

    # ------------------------------------------------------------------ planted events
    def planted(self, n_posts: int) -> list[tuple[float, int, list[dict]]]:
        rng = random.Random(f"{self.w.seed}:planted")
        events: list[tuple[float, int, list[dict]]] = []
        counter = [0]

        def new_id() -> str:
            counter[0] += 1
            return str(20_000_000_000 + counter[0] * 17)

        events += self._false_story(rng, n_posts, new_id)
        events += self._coordination(rng, new_id)
        events += self._crisis(rng, n_posts, new_id)
        events.sort(key=lambda e: (e[0], e[1]))
        return events

    def _pick(self, rng: random.Random, platform: str | None, comms: tuple[int, ...]) -> Account:
        while True:
            a = self.regular[rng.randrange(len(self.regular))]
            if (platform is None or a.platform == platform) and a.community in comms and "outlet" not in a.roles \
                    and "official" not in a.roles:
                return a

    def _false_story(self, rng: random.Random, n_posts: int, new_id) -> list:
        p = self.plan
        origin = self.by_handle["tinnongdatto247"]
        m = max(60, min(3000, n_posts // 250))
        items: list[dict] = []  # truth items
        events = []
        opid = new_id()
        otext = T.pick_alternatives(FALSE_TEXTS[0], rng)
        events.append((p.false_t, 1, [self._post(origin, opid, p.false_t, "post", otext, rng)]))
        items.append({"post": f"facebook:{opid}", "true_parent": None, "mechanism": "origin",
                      "parent_in_export": False, "time_in_export": "full"})
        nodes = [(p.false_t, origin, opid, otext)]
        times = sorted(p.false_t + 60 + rng.expovariate(1 / (5 * 3600)) for _ in range(m))
        fa = next((j for j, s in enumerate(self.arts.story) if s == "story:false"
                   and self.arts.sentiment[j] == "negative"), None)
        for t in times:
            if t > p.false_t + 30 * 3600:
                t = p.false_t + rng.uniform(0, 30 * 3600)
            earlier = [nd for nd in nodes if nd[0] < t]
            par = earlier[0] if rng.random() < 0.35 else rng.choice(earlier)
            pt, pa, ppid, ptext = par
            mech = rng.choices(["share", "copy", "quote", "reply"], [0.58, 0.25, 0.1, 0.07])[0]
            if mech == "copy":
                a = self._pick(rng, None, (0, 1, 4, 5, 6))
            else:
                a = self._pick(rng, pa.platform, (0, 1, 4, 5, 6)) if pa.platform == "facebook" else pa
                if a is pa:
                    mech = "copy"
                    a = self._pick(rng, None, (0, 1, 4, 5, 6))
            tmode = rng.choices(["full", "no_offset", "missing"], [0.87, 0.1, 0.03])[0]
            pid = new_id()
            in_export = True
            if mech == "share":
                in_export = rng.random() < 0.8
                links = [_tracked(self.arts.url[fa], rng)] if fa is not None and rng.random() < 0.2 else None
                post = self._post(a, pid, t, "share", "" if rng.random() < 0.5 else rng.choice(["Sợ quá", "Các mẹ chú ý", "Thật không vậy?"]),
                                  rng, parent=ppid if in_export else None, links=links, time_mode=tmode)
                text = ptext
            elif mech == "copy":
                in_export = False
                text = ptext if rng.random() < 0.5 else (rng.choice(["Sưu tầm: ", "Nghe nói ", "Copy: ", ""]) + ptext + rng.choice(["", " 😱", "!!!"]))
                post = self._post(a, pid, t, "post", text, rng, time_mode=tmode)
            elif mech == "quote":
                text = rng.choice(["Có ai ở Thanh Ba xác nhận không?", "Trời ơi sợ quá", "Tin này thật không mọi người"])
                post = self._post(a, pid, t, "quote", text, rng, parent=ppid, time_mode=tmode)
                text = ptext
            else:
                text = rng.choice(["Tin vịt thôi", "Nhà mình ở đó không thấy gì", "Cẩn thận vẫn hơn"])
                post = self._post(a, pid, t, "reply", text, rng, parent=ppid, time_mode=tmode)
            items.append({"post": f"{a.platform}:{pid}", "true_parent": f"{pa.platform}:{ppid}", "mechanism": mech,
                          "parent_in_export": in_export and mech != "copy", "time_in_export": tmode})
            events.append((t, 1, [post]))
            if mech != "reply":
                nodes.append((t, a, pid, text))
        # refutation
        off = self.by_handle["congantinhphutho"]
        rpid = new_id()
        ra = next((j for j, s in enumerate(self.arts.story) if s == "story:false" and self.arts.sentiment[j] == "neutral"), None)
        rurl = self.arts.url[ra] if ra is not None else None
        rtext = T.pick_alternatives(REFUTE_TEXT, rng) + (f" {rurl}" if rurl else "")
        events.append((p.refute_t, 1, [self._post(off, rpid, p.refute_t, "post", rtext, rng,
                                                  links=[rurl] if rurl else None)]))
        ritems = [{"post": f"facebook:{rpid}", "true_parent": None, "mechanism": "origin", "parent_in_export": False,
                   "time_in_export": "full"}]
        believers = [nd[1] for nd in nodes[1:] if nd[1].platform == "facebook"]
        for _ in range(max(30, m // 3)):
            t = p.refute_t + rng.expovariate(1 / (3 * 3600))
            a = rng.choice(believers) if believers and rng.random() < 0.3 else self._pick(rng, "facebook", (0, 1, 3, 6))
            pid = new_id()
            events.append((t, 1, [self._post(a, pid, t, "share", rng.choice(["", "Tin chính thức đây", "Đừng tin tin đồn"]),
                                             rng, parent=rpid)]))
            ritems.append({"post": f"facebook:{pid}", "true_parent": f"facebook:{rpid}", "mechanism": "share",
                           "parent_in_export": True, "time_in_export": "full"})
        self.stories = [
            {"id": "story:false", "kind": "false_story", "title": "Tin đồn xe cứu thương bắt cóc trẻ em ở xã Thanh Ba",
             "origin_post": f"facebook:{opid}", "origin_account": origin.gid, "items": items,
             "refutation_post": f"facebook:{rpid}", "refutation_article": rurl,
             "article": self.arts.url[fa] if fa is not None else None},
            {"id": "story:refutation", "kind": "refutation", "title": "Công an bác bỏ tin đồn bắt cóc trẻ em",
             "origin_post": f"facebook:{rpid}", "origin_account": off.gid, "items": ritems,
             "refutation_post": None, "refutation_article": rurl},
        ]
        return events

    def _coordination(self, rng: random.Random, new_id) -> list:
        group = [a for a in self.accs if "coordinated" in a.roles]
        cands = [j for j in range(len(self.arts.t)) if not self.arts.province[j] or self.arts.sentiment[j] == "negative"]
        events = []
        windows = []
        links = []
        for g in range(6):
            t0 = self.start_s + (0.1 + 0.13 * g) * self.w.span_s
            hi = bisect.bisect_left(self.arts.t, t0)
            pool = [j for j in cands if j < hi][-50:] or cands[:1]
            j = rng.choice(pool)
            url = self.arts.url[j]
            links.append(url)
            ts = []
            base_text = T.pick_alternatives(rng.choice(COORD_TEXTS), rng)
            for a in group:
                t = t0 + rng.uniform(0, 8 * 60)
                ts.append(t)
                pid = new_id()
                u = _tracked(url, rng)
                events.append((t, 2, [self._post(a, pid, t, "share", base_text + rng.choice(["", " !", " 👇"]), rng,
                                                 parent_url=u, links=[u])]))
            windows.append({"link": url, "first": iso(from_epoch(round(min(ts)))), "last": iso(from_epoch(round(max(ts))))})
        self.coord = {"max_spread_minutes": 8, "groups": [{"id": "coord:1", "accounts": [a.gid for a in group],
                                                           "links": links, "windows": windows}]}
        return events

    def _crisis(self, rng: random.Random, n_posts: int, new_id) -> list:
        p = self.plan
        c = max(500, min(80_000, n_posts * 7 // 100))
        crisis_urls = [self.arts.url[j] for j, s in enumerate(self.arts.story) if s == "story:crisis"]
        events = []
        posted: list[tuple[str, str]] = []
        accounts: set[str] = set()
        sample: list[str] = []
        all_ids: list[str] = []
        times = sorted(rng.triangular(p.crisis_start, p.crisis_end, p.crisis_start + 2.5 * 3600) for _ in range(c))
        for t in times:
            a = self._pick(rng, None, (0, 2, 4, 5))
            pid = new_id()
            fb = [x for x in posted[-100:] if x[0] == a.platform]
            if fb and rng.random() < 0.35:
                post = self._post(a, pid, t, "share", rng.choice(["", "😡😡", "Phẫn nộ"]), rng, parent=rng.choice(fb)[1])
            else:
                text = T.pick_alternatives(rng.choice(CRISIS_TEXTS), rng)
                link = rng.choice(crisis_urls) if crisis_urls and rng.random() < 0.3 else None
                post = self._post(a, pid, t, "post", text + (f" {link}" if link else ""), rng,
                                  links=[link] if link else None)
                post[TRUTH_KEY] = "negative"
            posted.append((a.platform, pid))
            accounts.add(a.gid)
            if len(sample) < 50:
                sample.append(f"{a.platform}:{pid}")
            all_ids.append(f"{a.platform}:{pid}")
            events.append((t, 3, [post]))
        self.crisis_accounts = accounts
        per_hour = Counter(int(t // 3600) for t in times)
        peak_hour = min(h for h, n in per_hour.items() if n == max(per_hour.values()))
        self.crisis = {"start": iso(from_epoch(round(p.crisis_start))), "end": iso(from_epoch(round(p.crisis_end))),
                       "topic": "pollution", "keyword": "sông Lô", "place": f"place:{p.crisis_unit.code}",
                       "sentiment": "negative", "posts": c, "accounts": sorted(accounts), "post_ids_sample": sample,
                       "post_ids": all_ids, "peak": iso(from_epoch(peak_hour * 3600)),
                       "peak_end": iso(from_epoch((peak_hour + 1) * 3600))}
        return events

    def stream(self) -> Iterator[dict]:
        """All post/reaction lines in time order."""
        planted = self.planted(self.w.spec.posts)
        n_planted = len(planted)
        n_regular = max(0, self.w.spec.posts - n_planted)
        for _t, _o, lines in heapq.merge(self.regular_stream(n_regular), planted, key=lambda e: (e[0], e[1])):
            yield from lines


__all__ = ["Account", "ArticleRef", "SocialGenerator", "build_accounts", "COMMUNITIES", "FOLLOWER_THRESHOLD", "SURNAMES",
           "TRUTH_KEY"]
