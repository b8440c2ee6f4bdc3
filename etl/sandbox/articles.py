"""Article generation: every article is a pure function of (world, index); copies regenerate their
original from its index, so nothing has to be held in memory."""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import text as T
from .text import Ent, Span
from .world import (
    COMPANIES,
    EXT_COMPANIES,
    EXT_FESTIVALS,
    EXT_ORG_PATTERNS,
    EXT_PLACES,
    FESTIVALS,
    FORMER_PROVINCES,
    OUTLET_BY_HOST,
    OUTLETS,
    PROV_ORGS,
    PROVINCE,
    PROVINCE_SHORT,
    TOPIC_ORGS,
    Outlet,
    Person,
    Unit,
    World,
    day_unwarp,
    day_warp,
    from_epoch,
    iso,
    outlet_section,
    slugify,
    unit_hash,
)

QUIRKS = (
    "missing_date",
    "utf8_declared_cp1258",
    "cp1258_declared_utf8",
    "truncated",
    "js_body",
    "gone_404",
    "error_500",
    "flaky_500",
    "redirect_chain",
    "huge",
)
EXPECTED_STATUS = {"gone_404": 404, "error_500": 500}
TOPIC_VI = {
    "accident": "Tai nạn",
    "land_dispute": "Đất đai",
    "pollution": "Môi trường",
    "corruption": "Phòng chống tham nhũng",
    "investment": "Đầu tư",
    "tourism_festival": "Du lịch",
    "administration": "Sắp xếp đơn vị hành chính",
    "health": "Y tế",
    "education": "Giáo dục",
    "security": "An ninh trật tự",
    "disaster": "Thiên tai",
}
SENTIMENTS = ("positive", "neutral", "negative")


@dataclass(frozen=True)
class Plan:
    """Where the planted events sit on the timeline (shared by articles and social media)."""

    false_t: float  # epoch of the false story's origin post
    refute_t: float  # epoch of the official refutation
    crisis_start: float
    crisis_end: float
    false_unit: Unit
    crisis_unit: Unit
    false_idx: int
    refute_idx: int
    refute_idx2: int
    quirk_at: dict[int, str]
    robots_idx: int = -1  # an article in the robots-disallowed section


def make_plan(world: World) -> Plan:
    s = world.start.timestamp()
    span = world.span_s
    n = world.spec.articles
    days = world.spec.days
    false_day = int(0.35 * days)
    crisis_day = min(days - 1, max(false_day + 1, int(0.6 * days)))
    false_t = s + false_day * 86400 + 7 * 3600 + 40 * 60  # 07:40 local
    refute_t = false_t + 10 * 3600
    crisis_start = s + crisis_day * 86400 + 8 * 3600  # 08:00-16:00 local
    crisis_end = crisis_start + 8 * 3600

    def idx_at(t: float) -> int:
        return min(n - 1, max(0, int((day_unwarp(t) - s) / span * n)))

    by_name = {u.name: u for u in world.units}
    false_idx = idx_at(false_t + 2400)
    refute_idx = idx_at(refute_t + 600)
    refute_idx2 = refute_idx + 1 if refute_idx + 1 < n else refute_idx - 1
    taken = {false_idx, refute_idx, refute_idx2}
    step = max(1, n // (len(QUIRKS) + 3))
    quirk_at: dict[int, str] = {}
    for k, q in enumerate(QUIRKS):
        i = (k + 1) * step + 1
        while i in taken:
            i += 1
        quirk_at[i] = q
        taken.add(i)
    robots_idx = n // 2
    while robots_idx in taken:
        robots_idx += 1
    return Plan(false_t, refute_t, crisis_start, crisis_end, by_name["Xã Thanh Ba"], by_name["Xã Sông Lô"],
                false_idx, refute_idx, refute_idx2, quirk_at, robots_idx)


class ArticleFactory:
    """Generates article records and their ground truth, one index at a time."""

    def __init__(self, world: World, plan: Plan) -> None:
        self.w = world
        self.plan = plan
        self.n = world.spec.articles
        self.start_s = world.start.timestamp()
        self.hosts = [o.host for o in OUTLETS]
        self.cum_weights = list(itertools.accumulate(o.weight for o in OUTLETS))
        self.officials_by_org: dict[str, list[Person]] = {}
        for p in world.officials:
            self.officials_by_org.setdefault(p.org or "", []).append(p)
        self.sp_by_org = {p.org: p for p in world.spokespeople}
        self.by_district: dict[str, list[Unit]] = {}
        for u in world.units:
            for d in u.former_districts:
                self.by_district.setdefault(d, []).append(u)
        self.journalists = {o.host: world.journalists_for(o.host) for o in OUTLETS}
        self.residents = {h: [j for j in js if j.resident] for h, js in self.journalists.items()}

    # ---------------------------------------------------------------- cheap per-index facts
    def time_of(self, i: int) -> float:
        f = unit_hash(self.w.seed, "t", i) * 0.98
        return day_warp(self.start_s + (i + f) * self.w.span_s / self.n)

    def outlet_of(self, i: int) -> Outlet:
        p = self.plan
        if i == p.false_idx:
            return OUTLET_BY_HOST["tintucdatto24h.com"]
        if i in (p.refute_idx, p.robots_idx):
            return OUTLET_BY_HOST["baodatto.vn"]
        if i == p.refute_idx2:
            return OUTLET_BY_HOST["truyenhinhdatto.vn"]
        u = unit_hash(self.w.seed, "o", i) * self.cum_weights[-1]
        return OUTLET_BY_HOST[self.hosts[min(len(self.hosts) - 1, bisect.bisect_right(self.cum_weights, u))]]

    def is_copy(self, i: int) -> bool:
        o = self.outlet_of(i)
        return o.copies and i > 20 and i not in self.plan.quirk_at and unit_hash(self.w.seed, "c", i) < 0.85

    # ---------------------------------------------------------------- the article
    def article(self, i: int) -> tuple[dict, dict]:
        rng = random.Random(f"{self.w.seed}:a:{i}")
        outlet = self.outlet_of(i)
        t = self.time_of(i)
        if self.is_copy(i):
            j = i - 1 - rng.randrange(min(i - 1, 300))
            tries = 0
            while (self.is_copy(j) or self.outlet_of(j).copies) and tries < 50:
                j = i - 1 - rng.randrange(min(i - 1, 300))
                tries += 1
            if not (self.is_copy(j) or self.outlet_of(j).copies):
                return self._copy(i, j, outlet, t, rng)
        return self._original(i, outlet, t, rng)

    def _ctx_province(self, rng: random.Random, unit: Unit, topic: str, pub: datetime) -> dict[str, T.Slot]:
        near = [u for d in unit.former_districts for u in self.by_district.get(d, []) if u.code != unit.code]
        u2 = rng.choice(near) if near else rng.choice(self.w.units)
        olds: list[Ent] = [Ent(n[0].lower() + n[1:], "LOC", f"place:old:{c}") for c, n in unit.former_units]
        if not olds:
            for code, name, _prov in self.w.districts:
                if name in unit.former_districts:
                    olds.append(Ent(name[0].lower() + name[1:], "LOC", f"place:olddist:{code}"))
        if not olds:
            olds = [u2.ent]
        org_key, org2_key = TOPIC_ORGS[topic]
        org: Ent = PROV_ORGS[org_key]
        if rng.random() < 0.3 and topic not in ("health", "corruption", "security"):
            org = Ent(f"UBND {unit.mention}", "ORG", f"org:ubnd:{unit.code}")
            off = rng.choice(self.w.citizens)
            off_t: T.Slot = [rng.choice(["Chủ tịch ", "Phó Chủ tịch "]), org]
        else:
            off = rng.choice(self.officials_by_org[org_key])
            off_t = [off.title + " ", org]
        sp = self.sp_by_org.get(org_key) or rng.choice(self.w.spokespeople)
        sp_org = PROV_ORGS[sp.org or "ubnd-tinh"]
        p_ent = PROVINCE if rng.random() < 0.7 else PROVINCE_SHORT
        ctx: dict[str, T.Slot] = {
            "L": unit.ent, "L_S": unit.mention, "L2": u2.ent, "P": p_ent, "P_S": p_ent.text,
            "FP": FORMER_PROVINCES[unit.former_province], "OLD": olds[0], "OLD2": olds[-1] if len(olds) > 1 else u2.ent, "CU": rng.choice([" (cũ)", " cũ"]),
            "ORG": org, "ORG_S": org.text, "ORG2": PROV_ORGS[org2_key], "CO": (co := rng.choice(COMPANIES)),
            "CO_S": co.text, "OFF": off.ent, "OFF_T": off_t, "SP": sp.ent, "SP_T": [sp.title + " ", sp_org],
            "FEST": rng.choice(FESTIVALS), "OFF_H": _h(off), "SP_H": _h(sp),
        }
        return ctx

    def _ctx_external(self, rng: random.Random, topic: str, peace: bool) -> tuple[dict[str, T.Slot], str | None]:
        conf = [p for p in EXT_PLACES if p.confusable]
        ep = rng.choice(conf) if rng.random() < 0.55 else rng.choice(EXT_PLACES)
        same = [p for p in EXT_PLACES if p.region_slug == ep.region_slug and p.slug != ep.slug]
        ep2 = rng.choice(same) if same else ep
        L = Ent(ep.mention, "LOC", f"place:ext:{ep.slug}")
        L2 = Ent(ep2.mention, "LOC", f"place:ext:{ep2.slug}")
        P = Ent(ep.region, "LOC", f"place:ext:{ep.region_slug}")
        p1, p2 = EXT_ORG_PATTERNS[topic]
        org = Ent(p1.format(R=ep.region), "ORG", f"org:ext:{slugify(p1.format(R=ep.region_slug))}")
        org2 = Ent(p2.format(R=ep.region), "ORG", f"org:ext:{slugify(p2.format(R=ep.region_slug))}")
        off = rng.choice(self.w.citizens)
        sp = rng.choice(self.w.citizens)
        co_name = rng.choice(EXT_COMPANIES)
        co = Ent(co_name, "ORG", f"org:ext:{slugify(co_name)}")
        ctx: dict[str, T.Slot] = {
            "L": L, "L_S": ep.mention, "L2": L2, "P": P, "P_S": ep.region, "OLD": L2, "OLD2": L2, "CU": "",
            "ORG": org, "ORG_S": org.text, "ORG2": org2, "CO": co, "CO_S": co.text, "OFF": off.ent,
            "OFF_T": [rng.choice(["Phó Giám đốc ", "Giám đốc ", "Trưởng phòng "]), org],
            "SP": sp.ent, "SP_T": [rng.choice(["Phó Chủ tịch ", "Chánh Văn phòng "]), org2],
            "FEST": rng.choice(EXT_FESTIVALS), "OFF_H": _h(off), "SP_H": _h(sp),
        }
        kind = "hoa_binh_peace" if peace else ep.confusable
        return ctx, kind

    def _common(self, ctx: dict[str, T.Slot], rng: random.Random, pub: datetime) -> None:
        d = pub - timedelta(days=rng.choice([0, 0, 1]))
        ctx.update({
            "N": str(rng.randint(2, 9)),
            "M": f"{rng.randint(1, 99)},{rng.randint(1, 9)} tỷ đồng",
            "D": f"{d.day}/{d.month}",
            "H": f"{rng.randint(5, 22)}h{rng.choice(['00', '15', '30', '45'])}",
            "CIT": (cit := rng.choice(self.w.citizens)).ent,
            "CIT_H": "anh" if cit.gender == "m" else "chị",
            "CIT_T": "thầy" if cit.gender == "m" else "cô",
            "CIT_X": rng.choice(self.w.citizens).ent,
        })

    def _original(self, i: int, outlet: Outlet, t: float, rng: random.Random) -> tuple[dict, dict]:
        p = self.plan
        pub = from_epoch(round(t))
        story = None
        province = rng.random() < outlet.province_share
        topic = rng.choice(T.TOPICS)
        sentiment = rng.choices(SENTIMENTS, outlet.sentiment_bias)[0]
        unit = rng.choice(self.w.units)
        peace = False
        if p.crisis_start <= t <= p.crisis_end and rng.random() < 0.6:
            province, topic, sentiment, unit = True, "pollution", "negative", p.crisis_unit
            story = "story:crisis"
        if i == p.false_idx:
            province, topic, sentiment, unit, story = True, "security", "negative", p.false_unit, "story:false"
        if i in (p.refute_idx, p.refute_idx2):
            province, topic, sentiment, unit, story = True, "security", "neutral", p.false_unit, "story:false"
        if i == p.robots_idx:
            province, topic = True, "administration"
        confusable = None
        if province:
            ctx = self._ctx_province(rng, unit, topic, pub)
        else:
            peace = rng.random() < 0.15
            ctx, confusable = self._ctx_external(rng, topic, peace)
        self._common(ctx, rng, pub)

        paragraphs: list[tuple[str, list[Span]]] = []
        if story == "story:false" and i == p.false_idx:
            title, lead, paragraphs = self._false_story(ctx, rng)
        elif story == "story:false":
            title, lead, paragraphs = self._refutation(ctx, rng)
        else:
            title = T.render(rng.choice(T.TITLES[topic][sentiment]), ctx, rng)[0]
            lead = T.render(rng.choice(T.LEAD_INTRO[sentiment]), ctx, rng)[0]
            pool = [s for s in T.BODY[topic]["any"] + T.BODY[topic].get(sentiment, []) if province or not s.startswith("!")]
            rng.shuffle(pool)
            first = T.render(pool[0].lstrip("!"), ctx, rng)
            lead = (lead + first[0]).strip()
            body = pool[1:]
            k = min(len(body), rng.randint(3, 6))
            sents = [s.lstrip("!") for s in body[:k]]
            for g in rng.sample(T.GENERIC[sentiment], k=rng.randint(1, 2)):
                sents.insert(rng.randint(0, len(sents)), g)
            if rng.random() < 0.75:
                sents.insert(rng.randint(1, len(sents)), rng.choice(T.QUOTES[sentiment]))
            if peace:
                sents.insert(rng.randint(0, len(sents)), rng.choice(T.PEACE))
                sents.insert(0, rng.choice(T.PEACE))
            ctxs = [c for c in T.CONTEXT if province or not c.startswith("!")]
            if rng.random() < 0.5:
                sents.append(rng.choice(ctxs).lstrip("!"))
            if sentiment != "positive" and rng.random() < 0.6:
                sents.append(rng.choice(T.CLOSING))
            # group sentences into paragraphs of 1-3 sentences
            while sents:
                n = min(len(sents), rng.choice([1, 2, 2, 3]))
                chunk, sents = sents[:n], sents[n:]
                paragraphs.append(self._paragraph(chunk, ctx, rng))
            main_place = ctx["L"].id  # type: ignore[union-attr]
            if not any(sp[4] == main_place for _, spans in paragraphs for sp in spans):
                paragraphs.insert(min(1, len(paragraphs)), self._paragraph([rng.choice(T.LOCATOR)], ctx, rng))
        return self._finish(i, outlet, t, rng, title, lead, paragraphs, province, sentiment, [topic],
                            story, confusable, copy_of=None)

    def _paragraph(self, templates: list[str], ctx: dict[str, T.Slot], rng: random.Random) -> tuple[str, list[Span]]:
        parts: list[str] = []
        spans: list[Span] = []
        off = 0
        for tpl in templates:
            if parts:
                parts.append(" ")
                off += 1
            s, sp = T.render(tpl, ctx, rng, off)
            parts.append(s)
            spans.extend(sp)
            off += len(s)
        return "".join(parts), spans

    def _false_story(self, ctx: dict[str, T.Slot], rng: random.Random) -> tuple[str, str, list]:
        title = T.render("[NÓNG|Cảnh giác]: [xe cứu thương lạ|nhóm người lạ] [bắt cóc trẻ em|dụ dỗ học sinh] ở {L_S}?", ctx, rng)[0]
        lead = T.render("[Nhiều phụ huynh|Người dân] ở {L_S} [hoang mang|truyền tai nhau] [về|thông tin về] [một chiếc xe cứu thương lạ|nhóm người lạ] [rình rập|bắt cóc] trẻ em.", ctx, rng)[0]
        tpls = [
            ["[Theo|Theo lời kể của] [một số người dân|người dân] ở {L}, [chiều|tối] {D} [có|xuất hiện] [một chiếc xe cứu thương|xe 7 chỗ] [lạ|không biển số] [dừng trước cổng trường|đi lại nhiều lần] [và|rồi] [kéo một bé trai lên xe|dụ dỗ học sinh]."],
            ["[Chị|Anh] {CIT} [cho biết|kể lại]: “[Cả xóm|Mọi người] [đang rất sợ|hoang mang lắm], [không dám cho con đi học một mình|phải đưa đón con tận nơi].”"],
            ["[Đến nay|Hiện], [chưa rõ|chưa có] [thông tin chính thức|xác nhận] từ {ORG}."],
        ]
        return title, lead, [self._paragraph(tp, ctx, rng) for tp in tpls]

    def _refutation(self, ctx: dict[str, T.Slot], rng: random.Random) -> tuple[str, str, list]:
        ctx = dict(ctx)
        ctx["ORG"] = PROV_ORGS["ca-tinh"]
        title = T.render("[Bác bỏ|Sự thật về] thông tin [bắt cóc trẻ em|xe cứu thương bắt cóc trẻ em] ở {L_S}", ctx, rng)[0]
        lead = T.render("[Công an tỉnh Phú Thọ|Cơ quan công an] khẳng định thông tin [bắt cóc trẻ em|xe cứu thương bắt cóc trẻ em] ở {L_S} [lan truyền trên mạng xã hội|đăng trên một số trang mạng] là [sai sự thật|bịa đặt].", ctx, rng)[0]
        tpls = [
            ["[Ngày|Sáng] {D}, {ORG} [cho biết|thông tin] [đã xác minh|đã vào cuộc xác minh] [nội dung|bài viết] [về việc|cho rằng] [có xe cứu thương bắt cóc trẻ em|trẻ em bị bắt cóc] tại {L}.",
             "Kết quả xác minh cho thấy [đây là thông tin sai sự thật|không có vụ bắt cóc nào xảy ra]; [chiếc xe|phương tiện] [được nhắc đến|trong clip] là xe [chở bệnh nhân|của trạm y tế] [đi khám bệnh|làm nhiệm vụ]."],
            ["[Ông|Bà] {SP}, {SP_T}, [đề nghị|khuyến cáo] người dân [không chia sẻ|không đăng tải] [thông tin chưa được kiểm chứng|tin đồn thất thiệt] và [cho biết|nói] [cơ quan công an|đơn vị] [đang xác minh|đã xác định] [tài khoản|người] đăng tin đầu tiên để [xử lý theo quy định|xử lý nghiêm]."],
        ]
        return title, lead, [self._paragraph(tp, ctx, rng) for tp in tpls]

    # ---------------------------------------------------------------- copies
    def _copy(self, i: int, j: int, outlet: Outlet, t: float, rng: random.Random) -> tuple[dict, dict]:
        orig, otruth = self.article(j)
        src = OUTLET_BY_HOST[orig["host"]]
        paras = [(p, [tuple(s) for s in sp]) for p, sp in _split_paragraphs(orig["paragraphs"], otruth["entities"])]
        if outlet.kind == "contentfarm" and len(paras) > 3 and rng.random() < 0.5:
            del paras[rng.randrange(1, len(paras) - 1)]
        credit = f"Theo {src.name}"
        paras.append((credit, [(5, 5 + len(src.name), src.name, "ORG", f"org:outlet:{src.host}")]))
        title = orig["title"]
        if outlet.kind == "contentfarm":
            title = rng.choice(["NÓNG: ", "Tin sốc: ", "Clip: ", ""]) + title
        return self._finish(i, outlet, t, rng, title, orig["lead"], paras, otruth["concerns_province"],
                            otruth["sentiment"], otruth["topics"], otruth["story"], otruth["confusable"], copy_of=orig["id"])

    # ---------------------------------------------------------------- record + truth
    def _finish(self, i: int, outlet: Outlet, t: float, rng: random.Random, title: str, lead: str,
                paragraphs: list, province: bool, sentiment: str, topics: list[str], story: str | None,
                confusable: str | None, copy_of: str | None) -> tuple[dict, dict]:
        pub = from_epoch(round(t))
        aid = f"art-{i:07d}"
        num = 100000 + i
        section, section_name = outlet_section(outlet, topics[0], rng)
        if i == self.plan.robots_idx:
            section, section_name = "tin-noi-bo", dict(outlet.sections)["tin-noi-bo"]
        slug = slugify(title) or f"bai-viet-{num}"
        pat = outlet.style["url_pattern"]
        if pat == "pto":
            path = f"/{slug}-{num}.htm"
        elif pat == "dantri":
            path = f"/{section}/{slug}-{pub:%Y%m%d%H%M%S}{num % 1000:03d}.htm"
        elif pat == "vnex":
            path = f"/{slug}-{num}.html"
        elif pat == "ld":
            path = f"/{section}/{slug}-{num}.ldo"
        elif pat == "tv":
            path = f"/{section}/{slug}-t{num}.html"
        elif pat == "tuoitre":
            path = f"/{slug}-{pub:%Y%m%d}{num}.htm"
        elif pat == "farm":
            path = f"/tin-tuc/{num}/{slug}.html"
        else:
            path = f"/{pub:%Y/%m}/{slug}/"
        if f"/{section}/" in outlet.robots_disallow:
            path = f"/{section}{path}"
        texts: list[str] = []
        ents: list[dict] = []
        off = 0
        for ptxt, spans in paragraphs:
            if texts:
                off += 2
            for s, e, et, lab, eid in spans:
                ents.append({"start": off + s, "end": off + e, "text": et, "label": lab, "id": eid})
            texts.append(ptxt)
            off += len(ptxt)
        # authors / byline
        authors: list[Person] = []
        byline_style = outlet.style["byline"]
        if byline_style in ("top", "end") and copy_of is None:
            pool = self.journalists[outlet.host]
            if province and self.residents[outlet.host] and rng.random() < 0.8:
                pool = self.residents[outlet.host]
            authors = rng.sample(pool, k=2 if rng.random() < 0.2 and len(pool) > 1 else 1)
        if byline_style == "end":
            byline = " - ".join(a.aliases[0] if outlet.level == "provincial" else a.name for a in authors)
        elif byline_style == "top":
            byline = " - ".join(a.name + (" (PV thường trú)" if a.resident and province else "") for a in authors)
        elif byline_style == "source" and copy_of is not None:
            byline = f"Theo {OUTLET_BY_HOST[self._orig_host(copy_of)].name}"
        else:
            byline = ""
        photographer = None
        if outlet.style.get("photo_credit") and rng.random() < 0.6:
            pool = self.w.photographers + [j for j in self.journalists[outlet.host] if j not in authors]
            photographer = rng.choice(pool).name
        quirk = self.plan.quirk_at.get(i, "none")
        planted = (self.plan.false_idx, self.plan.refute_idx, self.plan.refute_idx2, self.plan.robots_idx)
        if quirk == "none" and i not in planted and rng.random() < 0.004:
            quirk = rng.choice(QUIRKS[:-1])
        if copy_of is None and story is None and outlet.kind == "contentfarm" and quirk == "none" and rng.random() < 0.05:
            quirk = "missing_date"
        modified = pub + timedelta(minutes=rng.choice([0, 0, 0, 5, 20, 90, 240]))
        tags = [TOPIC_VI[topics[0]]]
        for e in ents:
            tag = e["text"][0].upper() + e["text"][1:]
            if e["label"] == "LOC" and tag not in tags:
                tags.append(tag)
            if len(tags) >= 4:
                break
        record = {
            "id": aid,
            "host": outlet.host,
            "url": f"http://{outlet.host}{path}",
            "path": path,
            "section": section,
            "section_name": section_name,
            "title": title,
            "lead": lead,
            "text": "\n\n".join(texts),
            "paragraphs": texts,
            "authors": [a.id for a in authors],
            "author_names": [a.name for a in authors],
            "byline": byline,
            "photographer": photographer,
            "source_tag": outlet.style.get("lead_tag"),
            "published_at": iso(pub),
            "modified_at": iso(modified),
            "tags": tags,
            "links": [],
            "copy_of": copy_of,
            "quirk": quirk,
            "image": f"http://{outlet.host}/uploads/{pub:%Y/%m/%d}/{num}.jpg",
        }
        truth = {
            "id": aid,
            "url": record["url"],
            "host": outlet.host,
            "published_at": record["published_at"],
            "concerns_province": province,
            "sentiment": sentiment,
            "topics": topics,
            "entities": ents,
            "authors": record["authors"],
            "copy_of": copy_of,
            "story": story,
            "quirk": quirk,
            "robots_disallowed": any(path.startswith(d) for d in outlet.robots_disallow),
            "expected_status": EXPECTED_STATUS.get(quirk, 200),
            "confusable": confusable,
        }
        return record, truth

    def _orig_host(self, aid: str) -> str:
        return self.outlet_of(int(aid.split("-")[1])).host


def _h(p: Person) -> str:
    return "ông" if p.gender == "m" else "bà"


def _split_paragraphs(paragraphs: list[str], ents: list[dict]) -> list[tuple[str, list]]:
    out = []
    off = 0
    for p in paragraphs:
        spans = [(e["start"] - off, e["end"] - off, e["text"], e["label"], e["id"]) for e in ents
                 if off <= e["start"] < off + len(p)]
        out.append((p, spans))
        off += len(p) + 2
    return out
