"""Cascades: group events into stories, rebuild each story's propagation tree, measure it.

Reconstruction (:func:`reconstruct_parents`), for each event in time order:

1. ``explicit`` — its ``parent_id`` names an observed event: that is the parent.
2. Otherwise (no ``parent_id``, or one that was never observed — remembered in ``missing``) the parent
   is inferred among the story's *earlier* events, first tier that has a candidate wins:

   * ``copy`` — near-duplicate text (stored fingerprints, :func:`graph.analytics.lsh.similarity` ≥
     ``copy_threshold``): the most similar one;
   * ``link`` — the same URL (or an earlier event whose id *is* that URL);
   * ``time`` — any earlier event.

   Inside a tier, ties go to an event by an account this account has explicitly reshared before
   (``affinity``: counts of observed explicit ``account → parent account`` shares, over all stories),
   then to the earliest event. The first event of a story without an observed parent is a root.

Metrics (:func:`cascade_metrics`): size, depth, max breadth, structural virality (Goel et al. 2016:
mean shortest-path distance over all pairs of the largest tree, computed exactly in O(n) from
subtree sizes — Wiener index / C(n, 2) — so no approximation is needed), speed, growth curve and the
share of items reaching each community.

>>> fp = bytes(range(128)).hex()                   # fingerprints as nlp.fingerprint stores them
>>> near = (bytes(range(120)) + bytes(8)).hex()     # a copy: 60 of 64 slots equal
>>> evs = [parse_event(r) for r in [
...     {"id": "p1", "story": "s", "account": "a", "created_at": 0, "fingerprint": fp},
...     {"id": "p2", "story": "s", "account": "b", "created_at": 60, "parent_id": "p1"},
...     {"id": "p3", "story": "s", "account": "c", "created_at": 120, "fingerprint": near},
...     {"id": "p4", "story": "s", "account": "d", "created_at": 180, "parent_id": "gone"}]]
>>> rec = reconstruct_parents(evs)
>>> rec["parents"], rec["how"]["p3"], rec["missing"]
({'p1': None, 'p2': 'p1', 'p3': 'p1', 'p4': 'p1'}, 'copy', {'p4': 'gone'})
>>> m = cascade_metrics(rec["parents"], {e.id: e.t for e in evs})
>>> m["size"], m["depth"], m["max_breadth"], m["structural_virality"]
(4, 1, 3, 1.5)
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from graph.analytics.events import Event, parse_event
from graph.analytics.lsh import LshIndex, band_keys

__all__ = [
    "account_affinity",
    "cascade_metrics",
    "group_stories",
    "reconstruct_parents",
    "structural_virality",
    "tree_depths",
    "parse_event",
]

Affinity = Mapping[str, Mapping[str, int]]


RESHARE_KINDS = frozenset({"share", "quote", "reply"})


def _specific_url(url: str | None) -> bool:
    """A link that names one item (an article, a post), not a whole site: home pages join nothing."""
    if not url:
        return False
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return True
    return bool(parts.path.strip("/") or parts.query)


def group_stories(
    events: Iterable[Event],
    *,
    copy_threshold: float | None = 0.6,
    attach_orphans: bool = True,
    orphan_window_h: float = 6.0,
    orphan_min_share: float = 0.5,
) -> dict[str, list[Event]]:
    """Events per story, each list in time order (ties by id).

    A story is a connected group of events: every link between two observed events joins them, whatever the
    order in which they were observed —

    * an explicit parent (share, quote, reply, a copied article's source);
    * the same item-specific URL, or an event whose id *is* the URL another one carries (a post linking an
      article joins the article; site home pages join nothing);
    * near-duplicate text by stored fingerprint (:func:`graph.analytics.lsh.similarity` ≥ ``copy_threshold``;
      None switches this off) between items that are not comments on an observed parent: a copy with a prefix
      ("Copy:", "Nghe nói …"), in quotes or in the other tone convention joins the story it copies, while the
      same generic comment under two stories ("Cảm ơn page đã chia sẻ") joins nothing.

    An event with a ``story`` keeps it and brings its links along; two different given stories are never
    merged. A group without one is named ``url:<its first event's url>`` or ``tree:<its first event's id>``.

    Orphan reshares (``attach_orphans``): a share, quote or reply whose parent was never observed and that
    carries no link and no text to compare would be a story of its own. It joins the story that was being
    reshared around it: each story's reshares within ``orphan_window_h`` hours, weighed up by the account's own
    items in that story and by items of the accounts it has explicitly reshared, must make more than
    ``orphan_min_share`` of the weight of all stories then. Without such a majority it stays alone.

    >>> fp = bytes(range(128)).hex()
    >>> evs = [parse_event(r) for r in [{"id": "a", "story": "s1", "account": "x", "created_at": 5, "fingerprint": fp},
    ...        {"id": "b", "account": "y", "created_at": 6, "parent_id": "a"},
    ...        {"id": "c", "account": "z", "created_at": 7, "url": "http://u/x"},
    ...        {"id": "d", "account": "w", "created_at": 8, "fingerprint": fp}]]
    >>> {k: [e.id for e in v] for k, v in group_stories(evs).items()}
    {'s1': ['a', 'b', 'd'], 'url:http://u/x': ['c']}

    A post that shares a story's item *before* the article it links to was observed still joins one story, and
    an empty share whose parent is gone joins the story its account took part in:

    >>> evs = [parse_event(r) for r in [
    ...     {"id": "p1", "account": "a", "created_at": 1, "url": "http://bao.vn/tin-1.html"},
    ...     {"id": "p2", "account": "b", "created_at": 2, "parent_id": "p1"},
    ...     {"id": "http://bao.vn/tin-1.html", "account": "outlet:bao.vn", "created_at": 3},
    ...     {"id": "p3", "account": "b", "created_at": 4, "kind": "share"}]]
    >>> {k: [e.id for e in v] for k, v in group_stories(evs).items()}
    {'url:http://bao.vn/tin-1.html': ['p1', 'p2', 'http://bao.vn/tin-1.html', 'p3']}
    """
    evs = sorted(events, key=lambda ev: (ev.t, ev.id))
    n = len(evs)
    pos = {e.id: k for k, e in enumerate(evs)}
    root = list(range(n))
    given: list[str | None] = [e.story for e in evs]  # the given story of each root's group

    def find(k: int) -> int:
        while root[k] != k:
            root[k] = root[root[k]]
            k = root[k]
        return k

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        ga, gb = given[ra], given[rb]
        if ga is not None and gb is not None and ga != gb:
            return  # two given stories stay apart
        if rb < ra:
            ra, rb = rb, ra
        root[rb] = ra
        given[ra] = ga if ga is not None else gb

    by_story: dict[str, int] = {}
    url_first: dict[str, int] = {}
    lsh = LshIndex()
    for k, e in enumerate(evs):
        if e.story is not None:
            if e.story in by_story:
                union(by_story[e.story], k)
            else:
                by_story[e.story] = k
        if e.parent_id is not None and e.parent_id in pos:
            union(pos[e.parent_id], k)
        for u in (e.url, e.id):
            if u is not None and _specific_url(u) and "://" in u:
                if u in url_first:
                    union(url_first[u], k)
                else:
                    url_first[u] = k
        # only an item's own content is compared: a share's, quote's or reply's text with an observed parent is a
        # comment on that parent ("Cảm ơn page đã chia sẻ"), and comparing comments would chain unrelated stories
        if copy_threshold is not None and e.sig is not None and (e.parent_id is None or e.parent_id not in pos):
            for hit, _sim in lsh.query(e.sig, threshold=copy_threshold):
                union(pos[hit], k)  # type: ignore[index]
            lsh.add(e.id, e.sig)

    if attach_orphans:
        _attach_orphans(evs, pos, find, union, window=orphan_window_h * 3600.0, min_share=orphan_min_share)

    groups: dict[int, list[Event]] = defaultdict(list)
    for k, e in enumerate(evs):
        groups[find(k)].append(e)
    out: dict[str, list[Event]] = {}
    for r, members in groups.items():
        first = members[0]
        key = given[r] or (f"url:{first.url}" if first.url else f"tree:{first.id}")
        if key in out:  # two groups whose first items carry the same unspecific link
            key = f"tree:{first.id}"
        out[key] = members
    return out


def _is_orphan(e: Event, pos: Mapping[str, int]) -> bool:
    return (e.kind in RESHARE_KINDS and (e.parent_id is None or e.parent_id not in pos) and e.url is None
            and e.sig is None and e.story is None)


def _attach_orphans(evs: list[Event], pos: Mapping[str, int], find, union, *, window: float,
                    min_share: float) -> None:
    """Join each orphan reshare to the story the evidence points at (see :func:`group_stories`)."""
    orphans = [k for k, e in enumerate(evs) if _is_orphan(e, pos)]
    if not orphans:
        return
    orphan_set = set(orphans)
    by_account: dict[str, Counter[int]] = defaultdict(Counter)
    reshares_t: list[float] = []
    reshares_g: list[int] = []
    parent_account: dict[str, Counter[str]] = defaultdict(Counter)
    acc_of = {e.id: e.account for e in evs}
    for k, e in enumerate(evs):
        if k in orphan_set:
            continue
        g = find(k)
        by_account[e.account][g] += 1
        if e.kind in RESHARE_KINDS or e.parent_id is not None:
            reshares_t.append(e.t)
            reshares_g.append(g)
        if e.parent_id is not None and e.parent_id in acc_of and acc_of[e.parent_id] != e.account:
            parent_account[e.account][acc_of[e.parent_id]] += 1
    t_arr = np.asarray(reshares_t, dtype=float)
    for k in orphans:
        e = evs[k]
        own = find(k)
        lo, hi = np.searchsorted(t_arr, e.t - window), np.searchsorted(t_arr, e.t + window)
        near = Counter(reshares_g[lo:hi])
        near.pop(own, None)
        if not near:
            continue
        mine = by_account.get(e.account, {})
        reshared = [by_account.get(acc, {}) for acc in parent_account.get(e.account, {})]
        weight = {g: c * (1 + min(mine.get(g, 0), 3) + min(sum(r.get(g, 0) for r in reshared), 3))
                  for g, c in near.items()}
        g, w = max(weight.items(), key=lambda kv: (kv[1], -kv[0]))
        if (near[g] >= 2 or mine.get(g)) and w / sum(weight.values()) > min_share:
            union(g, k)


def account_affinity(events: Iterable[Event]) -> dict[str, Counter[str]]:
    """``{account: Counter({parent account: n explicit reshares})}`` from the observed explicit parent links.

    >>> evs = [parse_event({"id": "1", "account": "a", "created_at": 0}),
    ...        parse_event({"id": "2", "account": "b", "created_at": 1, "parent_id": "1"})]
    >>> account_affinity(evs)
    {'b': Counter({'a': 1})}
    """
    evs = list(events)
    acc = {e.id: e.account for e in evs}
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for e in evs:
        if e.parent_id is not None:
            pa = acc.get(e.parent_id)
            if pa is not None and pa != e.account:
                out[e.account][pa] += 1
    return dict(out)


def _pick(cands: list[Event], account: str, affinity: Affinity) -> Event:
    """Among equally good candidates: the one by the most-reshared account, then the earliest."""
    aff = affinity.get(account)
    if aff:
        best = max(cands, key=lambda c: (aff.get(c.account, 0), -c.t))
        if aff.get(best.account, 0) > 0:
            return best
    return min(cands, key=lambda c: (c.t, c.id))


def reconstruct_parents(
    story_events: list[Event],
    *,
    observed: Mapping[str, Any] | None = None,
    affinity: Affinity | None = None,
    copy_threshold: float = 0.6,
) -> dict[str, Any]:
    """Rebuild one story's propagation tree (see the module doc for the rules).

    ``story_events``: the story's events (any order). ``observed``: every observed event id (to decide
    whether an explicit parent outside the story exists; default: the story's own ids). ``affinity``:
    :func:`account_affinity` over all events (default: computed from this story alone).

    Returns ``{"parents": {id: parent id | None}, "how": {id: explicit|copy|link|time|root},
    "missing": {id: parent id that was never observed}, "similarity": {id: copy similarity}}``.
    """
    evs = sorted(story_events, key=lambda ev: (ev.t, ev.id))
    ids = {e.id for e in evs}
    if observed is None:
        observed = ids
    if affinity is None:
        affinity = account_affinity(evs)
    parents: dict[str, str | None] = {}
    how: dict[str, str] = {}
    missing: dict[str, str] = {}
    sims: dict[str, float] = {}
    lsh = LshIndex()
    by_id: dict[str, Event] = {}
    url_first: dict[str, dict[str, Event]] = {}  # url -> {account: first event with that url}
    url_earliest: dict[str, Event] = {}
    acc_first: dict[str, Event] = {}
    root: Event | None = None
    for e in evs:
        bands = band_keys(e.sig) if e.sig is not None else None
        if e.parent_id is not None and e.parent_id in observed:
            parents[e.id] = e.parent_id
            how[e.id] = "explicit"
        else:
            if e.parent_id is not None:
                missing[e.id] = e.parent_id
            chosen: Event | None = None
            tier = "root"
            if bands is not None and len(lsh):
                hits = lsh.query(e.sig, threshold=copy_threshold, bands=bands)
                if hits:
                    top = hits[0][1]
                    cands = [by_id[k] for k, s in hits if s >= top - 1e-9]
                    chosen, tier = _pick(cands, e.account, affinity), "copy"
                    sims[e.id] = top
            if chosen is None and e.url is not None:
                if e.url in by_id and e.url != e.id:
                    chosen, tier = by_id[e.url], "link"
                elif e.url in url_first:
                    per_acc = url_first[e.url]
                    cands = [url_earliest[e.url]]
                    for pa in (affinity.get(e.account) or {}):
                        if pa in per_acc:
                            cands.append(per_acc[pa])
                    chosen, tier = _pick(cands, e.account, affinity), "link"
            if chosen is None and root is not None:
                cands = [root]
                for pa in (affinity.get(e.account) or {}):
                    if pa in acc_first:
                        cands.append(acc_first[pa])
                chosen, tier = _pick(cands, e.account, affinity), "time"
            parents[e.id] = chosen.id if chosen is not None else None
            how[e.id] = tier
        by_id[e.id] = e
        if root is None:
            root = e
        acc_first.setdefault(e.account, e)
        if e.url is not None:
            url_first.setdefault(e.url, {}).setdefault(e.account, e)
            url_earliest.setdefault(e.url, e)
        if bands is not None:
            lsh.add(e.id, e.sig, bands)
    _break_cycles(parents, how, {e.id: e for e in evs})
    return {"parents": parents, "how": how, "missing": missing, "similarity": sims}


def _break_cycles(parents: dict[str, str | None], how: dict[str, str], by_id: Mapping[str, Event]) -> None:
    """Explicit links can form cycles in bad data: cut each cycle at its earliest event (it becomes a root)."""
    state: dict[str, int] = {}
    for start in parents:
        path = []
        cur: str | None = start
        while cur is not None and cur in parents and state.get(cur, 0) == 0:
            state[cur] = 1
            path.append(cur)
            cur = parents[cur]
        if cur is not None and state.get(cur) == 1:  # cycle: cur .. end of path
            cyc = path[path.index(cur) :]
            cut = min(cyc, key=lambda i: (by_id[i].t, i) if i in by_id else (math.inf, i))
            parents[cut] = None
            how[cut] = "root"
        for p in path:
            state[p] = 2


def tree_depths(parents: Mapping[str, str | None]) -> dict[str, int]:
    """Depth of every node (roots, and nodes whose parent is outside ``parents``, are depth 0).

    >>> tree_depths({"a": None, "b": "a", "c": "b", "d": "x"})
    {'a': 0, 'b': 1, 'c': 2, 'd': 0}
    """
    depth: dict[str, int] = {}
    for start in parents:
        path = []
        cur: str | None = start
        while cur is not None and cur not in depth and cur in parents and len(path) <= len(parents):
            path.append(cur)
            cur = parents[cur]
        base = depth[cur] if (cur is not None and cur in depth) else -1
        for node in reversed(path):
            base += 1
            depth[node] = base
    return {k: depth[k] for k in parents}


def _roots_and_children(parents: Mapping[str, str | None]) -> tuple[list[str], dict[str, list[str]]]:
    children: dict[str, list[str]] = defaultdict(list)
    roots = []
    for node, p in parents.items():
        if p is None or p not in parents:
            roots.append(node)
        else:
            children[p].append(node)
    return roots, children


def structural_virality(parents: Mapping[str, str | None]) -> float:
    """Goel et al.'s structural virality of the largest tree: mean shortest-path length over all pairs.

    Exact, O(n): each edge lies on ``s·(n−s)`` of the paths, ``s`` the size of the subtree below it.
    A star gives ≈ 2, a chain ``(n+1)/3``. A single node gives 0.

    >>> structural_virality({"r": None, "a": "r", "b": "r", "c": "r"})
    1.5
    >>> structural_virality({str(i): (str(i - 1) if i else None) for i in range(5)})
    2.0
    """
    roots, children = _roots_and_children(parents)
    best: list[str] = []
    for r in roots:  # iterative DFS; keep the biggest tree's post-order
        order, stack = [], [r]
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(children.get(node, ()))
        if len(order) > len(best):
            best = order
    n = len(best)
    if n < 2:
        return 0.0
    size: dict[str, int] = {}
    wiener = 0
    for node in reversed(best):
        s = 1 + sum(size[c] for c in children.get(node, ()))
        size[node] = s
    root = best[0]
    for node in best:
        if node != root:
            s = size[node]
            wiener += s * (n - s)
    return wiener / (n * (n - 1) / 2)


_BIN_STEPS = (60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400)


def growth_curve(times: Iterable[float], *, max_points: int = 48) -> list[list[float]]:
    """Cumulative item counts ``[[hours since first item, items observed by then], …]`` at a round step
    (1 min … 1 week) giving at most ``max_points`` points.

    >>> growth_curve([0, 30, 200, 3600], max_points=5)
    [[0.0, 1], [0.25, 3], [0.5, 3], [0.75, 3], [1.0, 4]]
    """
    ts = np.sort(np.asarray(list(times), dtype=np.float64))
    if ts.size == 0:
        return []
    span = float(ts[-1] - ts[0])
    step = next((s for s in _BIN_STEPS if span / s <= max_points - 1), None)
    if step is None:
        step = math.ceil(span / (max_points - 1) / 86400) * 86400
    edges = ts[0] + step * np.arange(0, math.ceil(span / step) + 1)
    counts = np.searchsorted(ts, edges, side="right")
    return [[round(float(x - ts[0]) / 3600, 4), int(c)] for x, c in zip(edges, counts, strict=True)]


def cascade_metrics(
    parents: Mapping[str, str | None],
    times: Mapping[str, float],
    *,
    accounts: Mapping[str, str] | None = None,
    communities: Mapping[Hashable, Any] | None = None,
    milestones: tuple[int, ...] = (10, 100, 1000),
) -> dict[str, Any]:
    """Metrics of one story's reconstructed cascade (a forest: several roots are allowed).

    ``times``: epoch seconds per item. ``accounts`` + ``communities`` (account → community) add
    ``community_share`` (share of items per community, ``"?"`` for accounts without one).

    Returns ``size, n_roots, n_accounts (if accounts), depth, max_breadth, structural_virality, first_at,
    last_at, duration_hours, items_per_hour (over the whole span), items_per_hour_first_6h (items in the
    first 6 hours / 6), time_to {"10": seconds | None, …}, growth_curve, community_share``.

    >>> m = cascade_metrics({"a": None, "b": "a", "c": "b"}, {"a": 0, "b": 1800, "c": 7200}, milestones=(2, 5))
    >>> m["depth"], m["items_per_hour"], m["time_to"]
    (2, 1.5, {'2': 1800.0, '5': None})
    """
    n = len(parents)
    depths = tree_depths(parents)
    roots = [k for k, d in depths.items() if d == 0]
    breadth = Counter(depths.values())
    ts = np.sort(np.asarray([times[k] for k in parents], dtype=np.float64))
    first = float(ts[0]) if n else None
    last = float(ts[-1]) if n else None
    dur_h = (last - first) / 3600 if n else 0.0
    out: dict[str, Any] = {
        "size": n,
        "n_roots": len(roots),
        "depth": max(depths.values(), default=0),
        "max_breadth": max(breadth.values(), default=0),
        "structural_virality": round(structural_virality(parents), 6),
        "first_at": first,
        "last_at": last,
        "duration_hours": round(dur_h, 6),
        "items_per_hour": round(n / dur_h, 6) if dur_h > 0 else None,
        "items_per_hour_first_6h": round(int(np.searchsorted(ts, ts[0] + 6 * 3600, side="right")) / 6, 6) if n else 0.0,
        "time_to": {str(k): (float(ts[k - 1] - ts[0]) if n >= k else None) for k in milestones},
        "growth_curve": growth_curve(ts),
    }
    if accounts is not None:
        out["n_accounts"] = len({accounts[k] for k in parents if k in accounts})
        if communities is not None:
            cnt = Counter(str(communities.get(accounts.get(k), "?")) for k in parents)
            out["community_share"] = {c: round(v / n, 6) for c, v in sorted(cnt.items(), key=lambda kv: -kv[1])}
    return out
