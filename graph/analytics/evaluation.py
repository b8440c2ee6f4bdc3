"""Evaluation: parent / origin recovery with links removed, and community quality (NMI) vs ground truth.

>>> from graph.analytics.synthetic import synthetic_cascades
>>> events, truth = synthetic_cascades(40, seed=3, mean_size=12)
>>> r = evaluate_parent_recovery(events, truth["parents"], truth["origins"], drop=0.3, seed=0)
>>> r["method"]["parent_accuracy_dropped"] >= r["baseline"]["parent_accuracy_dropped"]
True
>>> nmi([0, 0, 1, 1], [5, 5, 7, 7])
1.0
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import Any

import numpy as np

from common.errors import ValidationError
from graph.analytics.propagation import analyse_cascades


def drop_parent_links(events: Sequence[Mapping[str, Any]], *, drop: float = 0.3, seed: int = 0) -> tuple[list[dict[str, Any]], set[str]]:
    """Copies of ``events`` with a seeded ``drop`` share of their explicit ``parent_id`` links removed;
    also returns the ids whose link was removed."""
    if not 0 <= drop <= 1:
        raise ValidationError(f"drop must be in [0, 1], got {drop!r}")
    rng = np.random.default_rng(seed)
    out = [dict(e) for e in events]
    linked = [i for i, e in enumerate(out) if e.get("parent_id")]
    k = int(round(drop * len(linked)))
    chosen = rng.choice(len(linked), size=k, replace=False) if k else np.zeros(0, dtype=int)
    dropped = set()
    for j in chosen.tolist():
        e = out[linked[j]]
        dropped.add(str(e["id"]))
        e["parent_id"] = None
    return out, dropped


def earliest_baseline(events: Sequence[Mapping[str, Any]]) -> dict[str, str | None]:
    """The attach-to-the-earliest-item baseline: an item keeps an observed explicit parent, otherwise it is
    attached to the earliest item of its story (the earliest item itself is the root)."""
    from graph.analytics.cascades import group_stories
    from graph.analytics.propagation import as_events

    evs = as_events(events)
    ids = {e.id for e in evs}
    out: dict[str, str | None] = {}
    for lst in group_stories(evs).values():
        first = lst[0]
        for e in lst:
            if e.parent_id is not None and e.parent_id in ids:
                out[e.id] = e.parent_id
            else:
                out[e.id] = None if e is first else first.id
    return out


def _origin_correct(pred: list[Mapping[str, Any]], flagged: bool, true_origin: str | None) -> bool:
    if true_origin is None:
        return flagged
    return bool(pred) and pred[0]["id"] == true_origin and pred[0].get("account") is not None


def evaluate_parent_recovery(
    events: Sequence[Mapping[str, Any]],
    true_parents: Mapping[str, str | None],
    true_origins: Mapping[str, str | None],
    *,
    drop: float = 0.3,
    seed: int = 0,
    copy_threshold: float = 0.6,
    known_ids: Collection[str] = (),
) -> dict[str, Any]:
    """Remove ``drop`` of the explicit parent links (seeded), rebuild, and score against the truth.

    ``true_parents``: ``{id: true parent id | None}`` for the observed events; ``true_origins``:
    ``{story: origin id | None}`` where None means the true origin is not among the events (a
    correct answer then is to raise ``origin_probably_unobserved``). ``known_ids``: items observed outside
    the events (see :func:`~graph.analytics.propagation.analyse_cascades`).

    Returns ``{"n_events", "n_dropped", "n_stories", "method": {...}, "baseline": {...}}`` where each side has
    ``parent_accuracy_dropped`` (on the removed links), ``parent_accuracy_unlinked`` (every item with
    an observed true parent but no link in the input), ``parent_accuracy_all`` and ``origin_accuracy``.
    """
    damaged, dropped = drop_parent_links(events, drop=drop, seed=seed)
    ids = {str(e["id"]) for e in events}
    unlinked = {
        str(e["id"]) for e in damaged
        if not e.get("parent_id") and true_parents.get(str(e["id"])) is not None and true_parents[str(e["id"])] in ids
    }
    results = dict(analyse_cascades(damaged, copy_threshold=copy_threshold, include_how=False, known_ids=known_ids))
    pred: dict[str, str | None] = {}
    for res in results.values():
        pred.update(res["parents"])
    base = earliest_baseline(damaged)

    def parent_scores(p: Mapping[str, str | None]) -> dict[str, float]:
        def acc(keys: set[str] | list[str]) -> float:
            keys = [k for k in keys if k in true_parents]
            if not keys:
                return float("nan")
            return round(sum(p.get(k) == true_parents[k] for k in keys) / len(keys), 4)

        return {
            "parent_accuracy_dropped": acc(dropped),
            "parent_accuracy_unlinked": acc(unlinked),
            "parent_accuracy_all": acc(list(ids)),
        }

    by_story: dict[Hashable, list[Mapping[str, Any]]] = defaultdict(list)
    for e in damaged:
        by_story[e.get("story")].append(e)
    m_ok = b_ok = n_st = 0
    for story, truth in true_origins.items():
        if story not in results:
            continue
        n_st += 1
        r = results[story]
        m_ok += _origin_correct(r["origin"], r["origin_probably_unobserved"], truth)
        first = min(by_story[story], key=lambda e: (str(e["created_at"]), str(e["id"])))
        b_ok += truth is not None and str(first["id"]) == truth
    method = parent_scores(pred)
    baseline = parent_scores(base)
    method["origin_accuracy"] = round(m_ok / n_st, 4) if n_st else float("nan")
    baseline["origin_accuracy"] = round(b_ok / n_st, 4) if n_st else float("nan")
    return {
        "n_events": len(events), "n_dropped": len(dropped), "n_unlinked": len(unlinked), "n_stories": n_st,
        "method": method, "baseline": baseline,
    }


def nmi(truth: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Normalised mutual information (arithmetic mean normalisation, as scikit-learn's default)."""
    from sklearn.metrics import normalized_mutual_info_score

    return float(normalized_mutual_info_score(list(truth), list(pred)))


def community_nmi(partition: Mapping[Hashable, Hashable], truth: Mapping[Hashable, Hashable]) -> float:
    """NMI of ``partition`` vs ``truth`` over the nodes both cover."""
    nodes = [v for v in partition if v in truth]
    if not nodes:
        raise ValidationError("partition and ground truth share no node")
    return nmi([truth[v] for v in nodes], [partition[v] for v in nodes])
