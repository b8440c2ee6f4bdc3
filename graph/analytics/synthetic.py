"""Generated cascades with ground truth, for tests, evaluation and benchmarks (no real data).

Accounts follow each other (preferential attachment); a story starts with an article (id = its URL)
or a post; every later item picks a parent (the root half the time, else any earlier item) and is
posted by a follower of the parent's account when it has one, as a *share* (explicit ``parent_id``,
no or little text), a *copy* (lightly edited text, no link) or a *link* post (carries the article's
URL). Items carry ``text``; callers add fingerprints with ``nlp.fingerprint.with_fingerprints`` before
copy detection (graph never reads text). Some stories lose their root (the origin is unobserved) and some get an unrelated, earlier
item pulled in by story clustering (noise).

>>> events, truth = synthetic_cascades(3, seed=1, mean_size=5)
>>> sorted(events[0])
['account', 'created_at', 'id', 'parent_id', 'story', 'text', 'url']
>>> set(truth) == {"parents", "origins", "followers", "mechanism"}
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graph.analytics.events import iso

_SYLLABLES = (
    "phú thọ việt trì hòa bình vĩnh phúc xã huyện tỉnh dân cầu đường lũ quét sạt lở cháy chợ bệnh viện trường "
    "học sinh giáo viên công an điều tra tai nạn giao thông đất đai dự án đầu tư lễ hội du lịch đền hùng tin "
    "nóng cảnh báo khẩn cấp người chết bị thương thiệt hại hàng chục tỷ đồng ubnd chủ tịch họp bàn kế hoạch"
).split()
T0 = 1751331600.0  # 2025-07-01T08:00:00+07:00


def _text(rng: np.random.Generator, n: int) -> list[str]:
    return [str(w) for w in rng.choice(_SYLLABLES, size=n)]


def synthetic_cascades(
    n_stories: int,
    *,
    seed: int = 0,
    n_accounts: int | None = None,
    mean_size: float = 30.0,
    p_share: float = 0.6,
    p_copy: float = 0.25,
    p_unobserved_root: float = 0.15,
    p_noise_item: float = 0.2,
    text_words: int = 25,
    iso_times: bool = True,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``(events, truth)``: events in the ``lantoa cascade`` input format (time-ordered per story), and
    ``truth = {"parents": {id: true parent id | None}, "origins": {story: root id | None when unobserved},
    "followers": {account: n}, "mechanism": {id: root|share|copy|link|noise}}``.

    Sizes are heavy-tailed (log-normal) with mean ``mean_size``.
    """
    rng = np.random.default_rng(seed)
    n_acc = n_accounts or max(50, int(n_stories * mean_size / 20))
    pop = rng.pareto(1.5, n_acc) + 1.0
    pop /= pop.sum()
    follows = max(3, min(12, n_acc // 5))
    # follower lists: each account follows `follows` accounts chosen by popularity
    followed = rng.choice(n_acc, size=(n_acc, follows), p=pop)
    followers_of: list[list[int]] = [[] for _ in range(n_acc)]
    for a in range(n_acc):
        for b in set(followed[a].tolist()):
            if b != a:
                followers_of[b].append(a)
    acc_name = [f"acc{a}" for a in range(n_acc)]
    events: list[dict[str, Any]] = []
    parents: dict[str, str | None] = {}
    origins: dict[str, str | None] = {}
    mech: dict[str, str] = {}
    sigma = 1.2
    mu = np.log(max(mean_size - 1, 0.5)) - sigma**2 / 2
    fmt = iso if iso_times else (lambda x: x)
    for s in range(n_stories):
        story = f"s{s}"
        size = 1 + int(rng.lognormal(mu, sigma))
        start = T0 + float(rng.uniform(0, 30 * 86400))
        root_acc = int(rng.choice(n_acc, p=pop))
        is_article = rng.random() < 0.4
        rid = f"http://outlet{root_acc % 7}.vn/{story}.html" if is_article else f"{story}-0"
        root_text = _text(rng, text_words)
        items = [{"id": rid, "acc": root_acc, "t": start, "text": root_text, "content": root_text,
                  "url": rid if is_article else None}]
        parents[rid] = None
        mech[rid] = "root"
        t = start
        rate = float(rng.uniform(60, 900))
        for k in range(1, size):
            t += float(rng.exponential(rate * (1 + k / 50)))
            par = items[0] if rng.random() < 0.5 else items[int(rng.integers(0, len(items)))]
            fl = followers_of[par["acc"]]
            acc = int(fl[int(rng.integers(0, len(fl)))]) if fl and rng.random() < 0.85 else int(rng.integers(0, n_acc))
            u = rng.random()
            kind = "share" if u < p_share else ("copy" if u < p_share + p_copy else "link")
            if kind == "link" and items[0]["url"] is None:
                kind = "copy"
            text = None
            url = None
            if kind == "share":
                text = _text(rng, 4) if rng.random() < 0.5 else None
                url = par["url"]
            elif kind == "copy":
                words = list(par["content"])
                for _ in range(2):
                    words[int(rng.integers(0, len(words)))] = str(rng.choice(_SYLLABLES))
                text = words
            else:
                par = items[0]
                url = par["url"]
                text = _text(rng, 6)
            iid = f"{story}-{k}"
            content = par["content"] if kind == "share" else text
            items.append({"id": iid, "acc": acc, "t": t, "text": text, "content": content, "url": url,
                          "parent": par["id"] if kind == "share" else None})
            parents[iid] = par["id"]
            mech[iid] = kind
        observed = items
        origins[story] = rid
        if size > 1 and rng.random() < p_unobserved_root:
            observed = items[1:]
            origins[story] = None
            del parents[rid]
            del mech[rid]
        if rng.random() < p_noise_item:
            nid = f"{story}-noise"
            observed = [{"id": nid, "acc": int(rng.integers(0, n_acc)), "t": start - float(rng.uniform(600, 86400)),
                         "text": _text(rng, text_words), "url": None}, *observed]
            parents[nid] = None
            mech[nid] = "noise"
        for it in observed:
            events.append({
                "id": it["id"], "story": story, "account": acc_name[it["acc"]], "created_at": fmt(round(it["t"])),
                "parent_id": it.get("parent"), "url": it["url"],
                "text": " ".join(it["text"]) if it["text"] else None,
            })
    followers = {acc_name[a]: len(followers_of[a]) for a in range(n_acc)}
    return events, {"parents": parents, "origins": origins, "followers": followers, "mechanism": mech}
