"""The chain scorecard's measures: the graph a sandbox world produced, compared with the world's truth.

Everything here is pure — plain values in, plain values out. :func:`load_truth` reads a world's truth files
(through :mod:`etl.sandbox.truth`) into a :class:`WorldTruth`; the caller (``lantoa evaluate world``,
``api/scorecard.py``) reads the graph into a :class:`GraphSnapshot` through named ``cypher/read/scorecard_*``
statements; :func:`score` compares the two and returns one JSON-ready dict. Each measure's definition is in
its function's docstring; the figures a chain meets are in BENCHMARKS.md ("Chain scorecard").

Item ids are the graph's: posts ``platform:post_id``, articles their canonical URL (``etl.urls.canonicalize``
of the truth's ``url``). Items the chain did not store (pages that answer 404/500, export lines the importer
rejects) are not scored but counted as ``missing``.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

SENTIMENT_LABELS = ("negative", "neutral", "positive")
# the handling a planted story should get (issue 13); None: no expectation, the class is only shown
EXPECTED_HANDLING: dict[str, frozenset[str] | None] = {
    "story:false": frozenset({"refute", "limit"}),
    "story:refutation": None,
    "story:crisis": frozenset({"crisis_response"}),
}


# ------------------------------------------------------------------ small helpers
def _r(x: float | None, n: int = 4) -> float | None:
    return None if x is None else round(x, n)


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def norm_text(s: str | None) -> str:
    """NFC, case-folded, whitespace collapsed: the form names and titles are compared in.

    >>> norm_text("  Xã  Tha\\u0300nh Ba ")
    'xã thành ba'
    """
    return " ".join(unicodedata.normalize("NFC", s or "").casefold().split())


def parse_time(s: str | None) -> datetime | None:
    """An ISO time as Neo4j's ``toString`` or the world writes it (a ``[Zone/Name]`` suffix is dropped).

    >>> parse_time("2025-07-01T08:15:00.000000000+07:00[Asia/Ho_Chi_Minh]").isoformat()
    '2025-07-01T08:15:00+07:00'
    """
    if not s:
        return None
    s = s.split("[", 1)[0]
    if "." in s:  # nanoseconds: Python takes at most microseconds
        head, _, rest = s.partition(".")
        n = len(rest) - len(rest.lstrip("0123456789"))
        digits, tz = rest[:n], rest[n:]
        s = f"{head}.{digits[:6]}{tz}" if digits else head + tz
    return datetime.fromisoformat(s)


# ------------------------------------------------------------------ story grouping
def single_cluster(stories: Sequence[str]) -> str | None:
    """The predicted story of an item: its only story, the smallest id when it is in several, None in none.

    >>> single_cluster([]), single_cluster(["story:b", "story:a"])
    (None, 'story:a')
    """
    return min(stories) if stories else None


def bcubed(pred: Mapping[Hashable, Hashable | None], gold: Mapping[Hashable, Hashable]) -> dict[str, Any]:
    """B-cubed precision, recall and F1 of a predicted grouping against gold groups.

    ``pred`` maps EVERY stored item to its predicted story (None: in no story, which counts as a story of its
    own); ``gold`` maps the evaluated items (the planted stories' items) to their gold group. Averages run over
    the gold items that are stored. For a gold item i with predicted story C(i) and gold group G(i):
    precision(i) = |C(i) ∩ G(i)| / |C(i)| — every stored member of C(i) counts, so a planted story swallowing
    unrelated items loses precision; recall(i) = |C(i) ∩ G(i)| / |G(i) ∩ stored|.

    >>> pred = {"a": 1, "b": 1, "c": 2, "d": None, "x": 1}
    >>> gold = {"a": "S", "b": "S", "c": "S", "d": "T"}
    >>> r = bcubed(pred, gold)
    >>> (r["precision"], r["recall"], r["f1"], r["items"])
    (0.8333, 0.6667, 0.7407, 4)
    """
    members: dict[Hashable, set[Hashable]] = defaultdict(set)
    for item, c in pred.items():
        if c is not None:
            members[c].add(item)
    stored_gold = {i: g for i, g in gold.items() if i in pred}
    group_size = Counter(stored_gold.values())
    if not stored_gold:
        return {"precision": None, "recall": None, "f1": None, "items": 0}
    p_sum = r_sum = 0.0
    for i, g in stored_gold.items():
        c = pred[i]
        cluster = members[c] if c is not None else {i}
        same = sum(1 for j in cluster if stored_gold.get(j) == g)
        p_sum += same / len(cluster)
        r_sum += same / group_size[g]
    n = len(stored_gold)
    p, r = p_sum / n, r_sum / n
    return {"precision": _r(p), "recall": _r(r), "f1": _r(_f1(p, r)), "items": n}


def story_split(pred: Mapping[Hashable, Hashable | None], items: Iterable[Hashable]) -> dict[str, Any]:
    """How one planted story's items lie in the predicted stories: ``stored`` (items in the graph), ``missing``,
    ``largest_share`` (share of the stored items in the predicted story holding most of them), ``main`` (that
    story's id), ``split_into`` (number of predicted stories holding any of them) and ``in_none``.

    >>> story_split({"a": "s1", "b": "s1", "c": "s2", "d": None}, ["a", "b", "c", "d", "e"])
    {'stored': 4, 'missing': 1, 'largest_share': 0.5, 'main': 's1', 'split_into': 2, 'in_none': 1}
    """
    items = list(dict.fromkeys(items))
    stored = [i for i in items if i in pred]
    counts = Counter(pred[i] for i in stored if pred[i] is not None)
    main, top = (min(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))) if counts else (None, 0))
    return {"stored": len(stored), "missing": len(items) - len(stored),
            "largest_share": _r(top / len(stored)) if stored else None, "main": main,
            "split_into": len(counts), "in_none": sum(1 for i in stored if pred[i] is None)}


# ------------------------------------------------------------------ classification measures
def precision_recall(pred: Mapping[Hashable, bool | None], truth: Mapping[Hashable, bool]) -> dict[str, Any]:
    """Precision and recall of the positive class over the items both cover (a None prediction is negative).

    >>> precision_recall({"a": True, "b": True, "c": False, "d": None}, {"a": True, "b": False, "c": True, "d": True})
    {'precision': 0.5, 'recall': 0.3333, 'f1': 0.4, 'items': 4}
    """
    keys = [k for k in truth if k in pred]
    tp = sum(1 for k in keys if pred[k] and truth[k])
    fp = sum(1 for k in keys if pred[k] and not truth[k])
    fn = sum(1 for k in keys if not pred[k] and truth[k])
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    return {"precision": _r(p), "recall": _r(r), "f1": _r(_f1(p, r)), "items": len(keys)}


def macro_f1(pred: Mapping[Hashable, str | None], truth: Mapping[Hashable, str],
             labels: Sequence[str] = SENTIMENT_LABELS) -> dict[str, Any]:
    """Macro-F1 over ``labels`` for the items both cover; a missing (None) prediction is simply wrong. Also the
    accuracy and each label's F1.

    >>> r = macro_f1({"a": "negative", "b": "positive", "c": None, "d": "neutral"},
    ...              {"a": "negative", "b": "negative", "c": "neutral", "d": "neutral"})
    >>> r["macro_f1"], r["accuracy"], r["per_label"]
    (0.4444, 0.5, {'negative': 0.6667, 'neutral': 0.6667, 'positive': 0.0})
    """
    keys = [k for k in truth if k in pred]
    per: dict[str, float] = {}
    for lab in labels:
        tp = sum(1 for k in keys if pred[k] == lab and truth[k] == lab)
        fp = sum(1 for k in keys if pred[k] == lab and truth[k] != lab)
        fn = sum(1 for k in keys if pred[k] != lab and truth[k] == lab)
        per[lab] = 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    acc = sum(1 for k in keys if pred[k] == truth[k]) / len(keys) if keys else None
    return {"macro_f1": _r(sum(per.values()) / len(per)) if keys else None, "accuracy": _r(acc),
            "per_label": {k: _r(v) for k, v in per.items()}, "items": len(keys),
            "unlabelled": sum(1 for k in keys if pred[k] is None)}


def best_jaccard(truth_groups: Sequence[Iterable[Hashable]], pred_groups: Sequence[Iterable[Hashable]]) -> dict[str, Any]:
    """For each true group the Jaccard index of the predicted group that overlaps it best; their mean.

    >>> best_jaccard([["a", "b", "c"]], [["a", "b", "x"], ["c"]])
    {'jaccard': 0.5, 'per_group': [0.5], 'predicted_groups': 2}
    """
    preds = [set(g) for g in pred_groups]
    per = []
    for g in truth_groups:
        t = set(g)
        per.append(max((len(t & p) / len(t | p) for p in preds), default=0.0))
    return {"jaccard": _r(sum(per) / len(per)) if per else None, "per_group": [_r(x) for x in per],
            "predicted_groups": len(preds)}


def communities_nmi(pred: Mapping[Hashable, Hashable], truth: Mapping[Hashable, Hashable]) -> dict[str, Any]:
    """NMI (arithmetic normalisation, ``graph.analytics.evaluation.nmi``) of the found communities against the
    planted ones over the accounts both cover, and the share of true accounts that got a community.

    >>> communities_nmi({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y", "d": "y"})
    {'nmi': 1.0, 'accounts': 3, 'coverage': 0.75}
    """
    from graph.analytics.evaluation import nmi

    nodes = [a for a in truth if a in pred]
    value = nmi([truth[a] for a in nodes], [pred[a] for a in nodes]) if nodes else None
    return {"nmi": _r(value), "accounts": len(nodes), "coverage": _r(len(nodes) / len(truth)) if truth else None}


# ------------------------------------------------------------------ entities
WORLD_PLACE_PREFIXES = (("place:old:", "place:former:"), ("place:olddist:", "place:former-district:"))
WORLD_PROVINCES = {"place:prov:phu-tho": "place:province:25", "place:prov:vinh-phuc-old": "place:former-province:26",
                   "place:prov:hoa-binh-old": "place:former-province:17"}


def graph_entity_id(world_id: str) -> str:
    """The id the project's gazetteer gives a world place (the two share the 2025 unit codes); other ids as is.

    >>> graph_entity_id("place:old:09001"), graph_entity_id("place:prov:phu-tho"), graph_entity_id("place:08848")
    ('place:former:09001', 'place:province:25', 'place:08848')
    """
    if world_id in WORLD_PROVINCES:
        return WORLD_PROVINCES[world_id]
    for a, b in WORLD_PLACE_PREFIXES:
        if world_id.startswith(a):
            return b + world_id[len(a):]
    return world_id


def entity_f1(truth: Mapping[Hashable, Sequence[Mapping[str, Any]]],
              pred: Mapping[Hashable, Sequence[Mapping[str, Any]]]) -> dict[str, Any]:
    """Micro precision/recall/F1 of the entities each document MENTIONS against the planted spans.

    ``truth[doc]``: the planted spans ``{label, id, text}``, grouped per (label, id) into one true entity with
    all its surface texts; ``pred[doc]``: the mentioned entities ``{label, id, name, aliases}``. A predicted
    entity matches a true one of the same label when its id is the true id (places through
    :func:`graph_entity_id`) or one of its name/aliases equals one of the true surface texts (:func:`norm_text`);
    matching is one-to-one. Only documents present in both are scored (the spans are planted in the body; the
    graph also sees title and lead, which can only lower precision).

    >>> t = {"d": [{"label": "LOC", "id": "place:1", "text": "xã A"}, {"label": "PER", "id": "person:9", "text": "Lê B"}]}
    >>> p = {"d": [{"label": "LOC", "id": "place:1", "name": "A", "aliases": []},
    ...            {"label": "PER", "id": "ner:per:le-b", "name": "Lê B", "aliases": []},
    ...            {"label": "ORG", "id": "org:x", "name": "X", "aliases": []}]}
    >>> entity_f1(t, p)["f1"]
    0.8
    """
    tp = n_true = n_pred = 0
    per_label: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for doc, spans in truth.items():
        if doc not in pred:
            continue
        true_ents: dict[tuple[str, str], set[str]] = defaultdict(set)
        for s in spans:
            true_ents[(s["label"], graph_entity_id(s["id"]))].add(norm_text(s["text"]))
        preds = list(pred[doc])
        used: set[int] = set()
        for (label, tid), texts in true_ents.items():
            for k, p in enumerate(preds):
                if k in used or p["label"] != label:
                    continue
                names = {norm_text(p.get("name"))} | {norm_text(a) for a in p.get("aliases") or []}
                if p["id"] == tid or names & texts:
                    used.add(k)
                    tp += 1
                    per_label[label][0] += 1
                    break
        n_true += len(true_ents)
        n_pred += len(preds)
        for label, _ in true_ents:
            per_label[label][1] += 1
        for p in preds:
            per_label[p["label"]][2] += 1
    p = tp / n_pred if n_pred else None
    r = tp / n_true if n_true else None

    def lab(v: list[int]) -> float | None:
        pp = v[0] / v[2] if v[2] else None
        rr = v[0] / v[1] if v[1] else None
        return _r(_f1(pp, rr))

    return {"precision": _r(p), "recall": _r(r), "f1": _r(_f1(p, r)), "true": n_true, "predicted": n_pred,
            "per_label_f1": {k: lab(v) for k, v in sorted(per_label.items())}}


# ------------------------------------------------------------------ extraction
def extraction_scores(truth: Mapping[Hashable, Mapping[str, Any]], pred: Mapping[Hashable, Mapping[str, Any]],
                      journalists: Mapping[str, Sequence[str]], *, time_tolerance_s: float = 60.0) -> dict[str, Any]:
    """Title, publication time and authors of the stored articles against articles.jsonl.

    ``truth[id]``: ``{title, published_at, authors: [journalist ids]}``; ``pred[id]``: ``{title, published_at,
    authors: [{id, name}]}``; ``journalists``: journalist id → names it is printed under (name and pen names).
    ``title``: share of exact titles (:func:`norm_text`); ``time``: share within ``time_tolerance_s`` (pages
    print minutes); ``time_1h``: within an hour; ``authors``: micro P/R/F1 of (article, journalist) pairs, a
    stored author matching a true one when its name is one of that journalist's names; ``identity``: share of
    the true journalists found on their articles who are ONE stored journalist (pen names merged with names).

    >>> t = {"u": {"title": "A b", "published_at": "2025-07-01T08:15:30+07:00", "authors": ["person:1"]}}
    >>> p = {"u": {"title": "a  B", "published_at": "2025-07-01T08:15:00+07:00",
    ...            "authors": [{"id": "j:1", "name": "Xuân Toàn"}, {"id": "j:2", "name": "Ảnh: X"}]}}
    >>> r = extraction_scores(t, p, {"person:1": ["Đặng Xuân Toàn", "Xuân Toàn"]})
    >>> r["title"], r["time"], r["authors"]["precision"], r["authors"]["recall"], r["identity"]
    (1.0, 1.0, 0.5, 1.0, 1.0)
    """
    keys = [k for k in truth if k in pred]
    if not keys:
        return {"articles": 0, "title": None, "time": None, "time_1h": None,
                "authors": {"precision": None, "recall": None, "f1": None}, "identity": None}
    names = {j: {norm_text(n) for n in ns} for j, ns in journalists.items()}
    titles = times = times_h = 0
    tp = n_true = n_pred = 0
    seen_as: dict[str, set[str]] = defaultdict(set)
    for k in keys:
        t, p = truth[k], pred[k]
        titles += norm_text(t.get("title")) == norm_text(p.get("title"))
        tt, pt = parse_time(t.get("published_at")), parse_time(p.get("published_at"))
        if tt and pt:
            d = abs((tt - pt).total_seconds())
            times += d <= time_tolerance_s
            times_h += d <= 3600
        authors = list(p.get("authors") or [])
        used: set[int] = set()
        for j in t.get("authors") or []:
            for i, a in enumerate(authors):
                if i not in used and norm_text(a.get("name")) in names.get(j, set()):
                    used.add(i)
                    tp += 1
                    seen_as[j].add(str(a.get("id")))
                    break
        n_true += len(t.get("authors") or [])
        n_pred += len(authors)
    ap = tp / n_pred if n_pred else None
    ar = tp / n_true if n_true else None
    n = len(keys)
    return {"articles": n, "title": _r(titles / n), "time": _r(times / n), "time_1h": _r(times_h / n),
            "authors": {"precision": _r(ap), "recall": _r(ar), "f1": _r(_f1(ap, ar)), "true": n_true,
                        "predicted": n_pred},
            "identity": _r(sum(1 for v in seen_as.values() if len(v) == 1) / len(seen_as)) if seen_as else None}


# ------------------------------------------------------------------ the crisis warning
def crisis_warning(alerts: Sequence[Mapping[str, Any]], *, start: datetime, end: datetime, peak: datetime,
                   period_start: datetime, period_end: datetime, crisis_stories: set[str],
                   crisis_scopes: set[str], planted_stories: set[str] = frozenset(),
                   before: timedelta = timedelta(hours=1), after: timedelta = timedelta(hours=24),
                   episode_gap: timedelta = timedelta(hours=6)) -> dict[str, Any]:
    """Whether and how early the planted crisis was alerted, and the false alarms.

    ``alerts``: ``{at (datetime: when first raised), level, story_id, scope}``. An alert is *about the crisis*
    when it is on a story holding crisis items (``crisis_stories``) or its scope is one of ``crisis_scopes``
    (the crisis place, topic, province), and it was raised inside ``[start - before, end]``. ``max_level``: the
    highest level of those; ``lead_h_ge2`` / ``lead_h_ge3``: hours from the first such alert at level ≥ 2 / ≥ 3
    to the ``peak`` (negative: after the peak; None: never). A *false alarm* is an alert neither about the
    crisis (within ``[start - before, end + after]``) nor on a story of another planted event
    (``planted_stories``); alerts on one story or scope less than ``episode_gap`` apart are one alarm.
    ``false_per_week_ge2`` / ``_ge3``: false alarms at level ≥ 2 / ≥ 3 per week of ``[period_start, period_end]``.

    >>> from datetime import timezone
    >>> t0 = datetime(2025, 7, 3, 8, tzinfo=timezone.utc)
    >>> al = [{"at": t0 + timedelta(hours=1), "level": 3, "story_id": "s1", "scope": "story:s1"},
    ...       {"at": t0 - timedelta(days=1), "level": 2, "story_id": None, "scope": "topic:x"}]
    >>> r = crisis_warning(al, start=t0, end=t0 + timedelta(hours=8), peak=t0 + timedelta(hours=2),
    ...                    period_start=t0 - timedelta(days=2), period_end=t0 + timedelta(days=1.5),
    ...                    crisis_stories={"s1"}, crisis_scopes=set())
    >>> r["max_level"], r["lead_h_ge3"], r["false_alarms_ge2"], r["false_per_week_ge2"]
    (3, 1.0, 1, 2.0)
    """
    def about(a: Mapping[str, Any], hi: datetime) -> bool:
        on = (a.get("story_id") in crisis_stories) or (a.get("scope") in crisis_scopes)
        return on and start - before <= a["at"] <= hi

    inside = sorted((a for a in alerts if about(a, end)), key=lambda a: a["at"])
    weeks = (period_end - period_start).total_seconds() / (7 * 86400)

    def lead(level: int) -> float | None:
        first = next((a for a in inside if (a.get("level") or 0) >= level), None)
        return _r((peak - first["at"]).total_seconds() / 3600, 2) if first else None

    def false_alarms(level: int) -> int:
        n = 0
        last: dict[str, datetime] = {}
        for a in sorted(alerts, key=lambda a: a["at"]):
            if (a.get("level") or 0) < level or about(a, end + after) or a.get("story_id") in planted_stories:
                continue
            key = a.get("story_id") or a.get("scope") or ""
            if key not in last or a["at"] - last[key] > episode_gap:
                n += 1
            last[key] = a["at"]
        return n

    f2, f3 = false_alarms(2), false_alarms(3)
    return {"alerted": bool(inside), "max_level": max((a.get("level") or 0 for a in inside), default=0),
            "lead_h_ge2": lead(2), "lead_h_ge3": lead(3), "alerts_about": len(inside),
            "false_alarms_ge2": f2, "false_alarms_ge3": f3,
            "false_per_week_ge2": _r(f2 / weeks, 2) if weeks else None,
            "false_per_week_ge3": _r(f3 / weeks, 2) if weeks else None, "weeks": _r(weeks, 3)}


# ------------------------------------------------------------------ the world's truth and the graph's answer
@dataclass
class WorldTruth:
    """What the scorecard needs from a world's truth files, keyed by graph ids."""

    start: datetime
    end: datetime
    groups: dict[str, str]                    # item id -> gold group (planted story or copy group)
    planted: dict[str, list[str]]             # planted story id -> its item ids
    origins: dict[str, str | None]            # planted story / copy group -> its origin item id
    refutes: dict[str, list[str]]             # refuted planted story -> refuting item ids
    crisis: dict[str, Any]
    coordination: list[list[str]]
    communities: dict[str, int]
    relevance: dict[str, bool]
    article_sentiment: dict[str, str]
    post_sentiment: dict[str, str]
    entities: dict[str, list[dict[str, Any]]]
    articles: dict[str, dict[str, Any]]
    journalists: dict[str, list[str]]
    copy_groups: dict[str, list[str]] = field(default_factory=dict)
    reachable_province: set[str] = field(default_factory=set)   # province pages a polite crawler can fetch
    untied: set[str] = field(default_factory=set)   # reshares exported with no parent, no link, no text to compare


def load_truth(world_dir: Path) -> WorldTruth:
    """Read a world's truth (truth/*, articles/articles.jsonl, people.json, manifest.json) into graph ids.

    Gold groups: each planted story of truth/stories.json (its posts; the rumour's fanpage article and its
    copies join ``story:false``, the police's refutation article ``story:refutation``), the crisis
    (truth/crisis.json ``post_ids`` and the articles with ``story: story:crisis``), and one copy group per
    original article that other outlets copied (``copy_of``) and that belongs to no planted story. Each group then
    takes in what the social export itself ties to it: a post whose link is one of the group's articles, or whose
    parent (``parent_id`` in the export) is in the group — sharing an article of a story is taking part in it, and
    counting such a post against the story that holds it would fault the right answer."""
    from etl.sandbox import truth as T
    from etl.urls import canonicalize

    world_dir = Path(world_dir)
    manifest = json.loads((world_dir / "manifest.json").read_text(encoding="utf-8"))
    crisis = T.crisis(world_dir)
    if "post_ids" not in crisis:
        from common.errors import WorldInvalid

        raise WorldInvalid(f"{world_dir}: truth/crisis.json has no post_ids (a world older than generator "
                           "version 2): generate it again")
    stories = T.stories(world_dir)
    art_truth = list(T.article_truth(world_dir))
    url_of = {t["id"]: canonicalize(t["url"]) for t in art_truth}
    groups: dict[str, str] = {}
    planted: dict[str, list[str]] = defaultdict(list)
    origins: dict[str, str | None] = {}
    refutes: dict[str, list[str]] = {}
    refutation_article = next((canonicalize(s["refutation_article"]) for s in stories if s.get("refutation_article")),
                              None)
    for s in stories:
        origins[s["id"]] = s.get("origin_post")
        for it in s["items"]:
            groups[it["post"]] = s["id"]
            planted[s["id"]].append(it["post"])
        if s.get("kind") == "false_story":
            refutes[s["id"]] = [x for x in (s.get("refutation_post"), refutation_article) if x]
    for t in art_truth:
        if t.get("story") == "story:crisis":
            sid = "story:crisis"
        elif t.get("story") == "story:false":
            sid = "story:refutation" if url_of[t["id"]] == refutation_article else "story:false"
        else:
            continue
        groups[url_of[t["id"]]] = sid
        planted[sid].append(url_of[t["id"]])
    for pid in crisis["post_ids"]:
        groups[pid] = "story:crisis"
        planted["story:crisis"].append(pid)
    origins["story:crisis"] = None
    copy_groups: dict[str, list[str]] = defaultdict(list)
    for t in art_truth:
        orig = t.get("copy_of")
        if orig and orig in url_of and url_of[orig] not in groups:
            gid = f"copy:{orig}"
            copy_groups[gid].append(url_of[t["id"]])
    for gid, members in copy_groups.items():
        orig_url = url_of[gid.removeprefix("copy:")]
        copy_groups[gid] = [orig_url, *members]
        origins[gid] = orig_url
        for m in copy_groups[gid]:
            groups[m] = gid
    for pid, gid in _followers_of_gold(world_dir, groups, canonicalize).items():
        groups[pid] = gid
        (copy_groups[gid] if gid.startswith("copy:") else planted[gid]).append(pid)
    people = json.loads((world_dir / "people.json").read_text(encoding="utf-8"))
    journalists = {j["id"]: [j["name"], *j.get("aliases", [])] for j in people.get("journalists", [])}
    articles = {url_of[a["id"]]: {"title": a["title"], "published_at": a["published_at"], "authors": a["authors"]}
                for a in T.articles(world_dir)}
    return WorldTruth(
        start=datetime.fromisoformat(manifest["start"]), end=datetime.fromisoformat(manifest["end"]),
        groups=groups, planted=dict(planted), origins=origins, refutes=refutes, crisis=crisis,
        coordination=[g["accounts"] for g in T.coordination(world_dir)["groups"]],
        communities={a["id"]: a["community"] for a in T.account_truth(world_dir)},
        relevance={url_of[t["id"]]: bool(t["concerns_province"]) for t in art_truth},
        article_sentiment={url_of[t["id"]]: t["sentiment"] for t in art_truth},
        post_sentiment={p["id"]: p["sentiment"] for p in T.post_truth(world_dir)},
        entities={url_of[t["id"]]: t["entities"] for t in art_truth},
        articles=articles, journalists=journalists, copy_groups=dict(copy_groups),
        reachable_province={canonicalize(u) for u in T.province_urls(world_dir)},
        untied=untied_reshares(world_dir))


def untied_reshares(world_dir: Path) -> set[str]:
    """Posts that no method can place, read from the export alone: reshares exported without their parent, with
    no link and with text too short to compare (``nlp.fingerprint``) — an empty share whose original was deleted;
    and, transitively, reshares whose only tie is a parent that is itself such a post ("Sợ quá" replying to an
    empty share of a deleted original): they follow their parent, and nothing observable says where that goes."""
    from nlp.fingerprint import fingerprint

    out: set[str] = set()
    bare: dict[str, str] = {}  # a reshare with no link and no comparable text -> its exported parent
    with (world_dir / "social" / "export.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if ("post_id" in r and r.get("kind") in ("share", "quote", "reply")
                    and not r.get("links") and not fingerprint(r.get("text") or "")):
                pid = f"{r['platform']}:{r['post_id']}"
                if not r.get("parent_id"):
                    out.add(pid)
                else:
                    bare[pid] = f"{r['platform']}:{r['parent_id']}"  # as etl/social_import.py names it
    grown = True
    while grown:
        grown = False
        for pid, parent in bare.items():
            if pid not in out and parent in out:
                out.add(pid)
                grown = True
    return out


def _followers_of_gold(world_dir: Path, groups: Mapping[str, str], canonicalize) -> dict[str, str]:
    """Posts of the export (in time order) that link a gold article or reshare a gold item, with that group."""
    rows = []
    with (world_dir / "social" / "export.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if "post_id" in r and "platform" in r:
                rows.append(r)
    rows.sort(key=lambda r: (str(r.get("created_at") or ""), str(r["post_id"])))
    out: dict[str, str] = {}
    added = True
    while added:  # times in exports are not always ordered like the reshares: repeat until nothing joins
        added = False
        for r in rows:
            pid = f"{r['platform']}:{r['post_id']}"
            if pid in groups or pid in out:
                continue
            gid = None
            if r.get("parent_id"):
                parent = f"{r['platform']}:{r['parent_id']}"
                gid = groups.get(parent) or out.get(parent)
            if gid is None:
                for link in r.get("links") or []:
                    gid = groups.get(canonicalize(link))
                    if gid:
                        break
            if gid:
                out[pid] = gid
                added = True
    return out


@dataclass
class GraphSnapshot:
    """What the chain stored, as plain rows of the ``read/scorecard_*`` statements."""

    items: list[dict[str, Any]]          # {id, kind, stories: [ids]}
    stories: list[dict[str, Any]]        # {id, origin_post_id, origin_article_id, handling, crisis_level, refuted_by}
    alerts: list[dict[str, Any]]         # {id, created_at, level, kind, scope, story_id}
    articles: list[dict[str, Any]]       # {id, title, published_at, concerns_province, sentiment, authors}
    posts: list[dict[str, Any]]          # {id, sentiment, sentiment_score}
    mentions: list[dict[str, Any]]       # {article, entity, label, name, aliases}
    communities: list[dict[str, Any]]    # {account, community}
    coordination: list[dict[str, Any]]   # {group_id, accounts}


def score(truth: WorldTruth, graph: GraphSnapshot) -> dict[str, Any]:
    """Every measure of the scorecard, as one JSON-ready dict (see each function for its definition)."""
    pred = {r["id"]: single_cluster(r["stories"]) for r in graph.items}
    story = {s["id"]: s for s in graph.stories}
    out: dict[str, Any] = {}

    # story grouping
    grouping = {"bcubed": bcubed(pred, truth.groups),
                "bcubed_planted": bcubed(pred, {i: g for i, g in truth.groups.items() if not g.startswith("copy:")}),
                "multi_story_items": sum(1 for r in graph.items if len(r["stories"]) > 1),
                "stories": len(graph.stories), "planted": {}}
    for sid, items in sorted(truth.planted.items()):
        split = story_split(pred, items)
        # the share of the items that carry any observable tie (see untied_reshares) in the main story
        untied_out = sum(1 for i in items if i in truth.untied and i in pred and pred[i] != split["main"])
        tied = split["stored"] - untied_out
        split["untied"] = sum(1 for i in items if i in truth.untied)
        # items with an observable tie (a parent, a link, text) that ended in no story at all: always a defect
        split["tied_in_none"] = sum(1 for i in items if i in pred and pred[i] is None and i not in truth.untied)
        split["largest_share_tied"] = _r(split["largest_share"] * split["stored"] / tied) if tied else None
        grouping["planted"][sid] = split
    copy_splits = [story_split(pred, m) for m in truth.copy_groups.values()]
    grouping["copy_groups"] = {"groups": len(copy_splits),
                               "whole": sum(1 for c in copy_splits if c["stored"] > 1 and c["largest_share"] == 1.0),
                               "scored": sum(1 for c in copy_splits if c["stored"] > 1)}
    out["stories"] = grouping

    # origin, refutation, handling per planted story
    planted_out = {}
    for sid, items in sorted(truth.planted.items()):
        split = grouping["planted"][sid]
        main = story.get(split["main"]) if split["main"] else None
        found_origin = (main.get("origin_post_id") or main.get("origin_article_id")) if main else None
        true_origin = truth.origins.get(sid)
        expected = EXPECTED_HANDLING.get(sid)
        handling = main.get("handling") if main else None
        row = {"main_story": split["main"], "origin_true": true_origin, "origin_found": found_origin,
               "origin_top1": None if true_origin is None else found_origin == true_origin,
               "handling": handling, "handling_expected": sorted(expected) if expected else None,
               "handling_ok": None if expected is None else handling in expected,
               "crisis_level": main.get("crisis_level") if main else None}
        if sid in truth.refutes:
            holding = {pred[i] for i in items if pred.get(i)}
            refuters = set(truth.refutes[sid])
            refutation_items = set(truth.planted.get("story:refutation", [])) | refuters
            linked = [s["id"] for s in graph.stories if s["id"] in holding and s.get("refuted_by")]
            row["refutation_linked"] = any(set(story[s]["refuted_by"]) & refutation_items for s in linked)
            row["refutes_links"] = sum(len(s.get("refuted_by") or []) for s in graph.stories)
        planted_out[sid] = row
    copies_origin = [story.get(split["main"], {}).get("origin_article_id") == truth.origins[gid]
                     for gid, m in truth.copy_groups.items()
                     if (split := story_split(pred, m))["main"] and split["stored"] > 1]
    out["planted"] = planted_out
    out["copy_origin_top1"] = _r(sum(copies_origin) / len(copies_origin)) if copies_origin else None

    # the crisis warning
    c = truth.crisis
    crisis_items = set(truth.planted.get("story:crisis", []))
    crisis_stories = {pred[i] for i in crisis_items if pred.get(i)}
    other_planted = {pred[i] for sid, its in truth.planted.items() if sid != "story:crisis" for i in its
                     if pred.get(i)}
    place = c["place"]
    scopes = {f"place:{graph_entity_id(place)}", f"topic:{c['topic']}", f"place:{WORLD_PROVINCES['place:prov:phu-tho']}"}
    alerts = [{**a, "at": parse_time(a["created_at"])} for a in graph.alerts if a.get("created_at")]
    out["crisis"] = crisis_warning(alerts, start=parse_time(c["start"]), end=parse_time(c["end"]),
                                   peak=parse_time(c["peak"]), period_start=truth.start, period_end=truth.end,
                                   crisis_stories=crisis_stories, crisis_scopes=scopes,
                                   planted_stories=other_planted - crisis_stories)
    out["crisis"]["alerts_total"] = len(alerts)

    # coordination, communities
    out["coordination"] = best_jaccard(truth.coordination, [g["accounts"] for g in graph.coordination])
    found = {r["account"]: r["community"] for r in graph.communities}
    out["communities"] = communities_nmi(found, truth.communities)
    # the world's communities span platforms whose accounts never interact across platforms (shares stay on
    # their platform): nothing observable joins facebook's community 3 to tiktok's; this figure scores against
    # (platform, community), what the interactions can show
    out["communities"]["nmi_platform"] = communities_nmi(
        found, {a: f"{a.split(':', 1)[0]}:{c}" for a, c in truth.communities.items()})["nmi"]

    # relevance, sentiment
    arts = {a["id"]: a for a in graph.articles}
    out["relevance"] = precision_recall({k: a.get("concerns_province") for k, a in arts.items()}, truth.relevance)
    out["sentiment"] = {
        "articles": macro_f1({k: a.get("sentiment") for k, a in arts.items()}, truth.article_sentiment),
        "posts": macro_f1({p["id"]: p.get("sentiment") for p in graph.posts}, truth.post_sentiment),
    }

    # entities, extraction
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in graph.mentions:
        by_doc[m["article"]].append({"label": m["label"], "id": m["entity"], "name": m.get("name"),
                                     "aliases": m.get("aliases") or []})
    docs = {k: by_doc.get(k, []) for k in arts}
    out["entities"] = entity_f1({k: v for k, v in truth.entities.items() if v}, docs)
    out["extraction"] = extraction_scores(truth.articles, arts, truth.journalists)

    reach = truth.reachable_province
    out["crawl_recall_province"] = _r(len(reach & set(arts)) / len(reach)) if reach else None
    out["counts"] = {"articles_stored": len(arts), "articles_true": len(truth.articles),
                     "posts_stored": len(graph.posts), "items_scored": grouping["bcubed"]["items"],
                     "alerts": len(alerts)}
    return out


# ------------------------------------------------------------------ the thresholds
def thresholds(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The issue's "Must show" figures, each with the measured value and whether it holds.

    >>> rows = thresholds({"stories": {"bcubed": {"f1": 0.5}, "planted": {}}, "planted": {}, "crisis": {},
    ...                    "sentiment": {"articles": {}}, "communities": {}, "coordination": {}, "relevance": {}})
    >>> [r["ok"] for r in rows if r["key"] == "story_bcubed_f1"]
    [False]
    """
    fs = result["stories"]["planted"].get("story:false", {})
    pf = result["planted"].get("story:false", {})
    cr = result["crisis"]
    rows = [
        ("false_story_largest_share", fs.get("largest_share"), ">=", 0.95),
        ("false_story_origin_top1", pf.get("origin_top1"), "is", True),
        ("false_story_refutation_linked", pf.get("refutation_linked"), "is", True),
        ("false_story_handling", pf.get("handling"), "in", ["refute", "limit"]),
        ("crisis_handling", result["planted"].get("story:crisis", {}).get("handling"), "in", ["crisis_response"]),
        ("story_bcubed_f1", result["stories"]["bcubed"].get("f1"), ">=", 0.90),
        ("crisis_split_into", result["stories"]["planted"].get("story:crisis", {}).get("split_into"), "==", 1),
        ("crisis_alert_level_in_window", cr.get("max_level"), ">=", 3),
        ("crisis_lead_h_ge3", cr.get("lead_h_ge3"), ">=", 0.0),
        ("article_sentiment_macro_f1", result["sentiment"]["articles"].get("macro_f1"), ">=", 0.85),
        ("communities_nmi", result["communities"].get("nmi"), ">=", 0.85),
        ("coordination_jaccard", result["coordination"].get("jaccard"), ">=", 0.95),
        ("relevance_precision", result["relevance"].get("precision"), ">=", 0.95),
        ("relevance_recall", result["relevance"].get("recall"), ">=", 0.95),
    ]
    out = []
    for key, value, op, target in rows:
        if value is None:
            ok = False
        elif op == ">=":
            ok = value >= target
        elif op == "==":
            ok = value == target
        elif op == "in":
            ok = value in target
        else:
            ok = value is target
        gap = None
        if op == ">=" and isinstance(value, int | float) and not isinstance(value, bool) and not ok:
            gap = _r(target - value)
        out.append({"key": key, "value": value, "op": op, "target": target, "ok": ok, "gap": gap})
    return out


__all__ = ["GraphSnapshot", "WorldTruth", "bcubed", "best_jaccard", "communities_nmi", "crisis_warning",
           "entity_f1", "extraction_scores", "graph_entity_id", "load_truth", "macro_f1", "norm_text", "parse_time",
           "precision_recall", "score", "single_cluster", "story_split", "thresholds"]

