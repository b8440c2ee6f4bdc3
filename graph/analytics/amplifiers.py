"""Amplifiers and super-spreaders, per story and overall, from (reconstructed) propagation trees.

Definitions, for one story's tree (``parents``) and item authors (``accounts``); ``f(x)`` is the
follower count of account ``x`` when ``followers`` is given, else 1 (then audiences count items):

* a *reshare* is an item whose parent was posted by another account;
* ``downstream(i)`` = the items below item ``i`` in the tree (its descendants);
* **amplification score** of account ``a`` = Σ over a's reshares ``i`` of
  ``f(a) + Σ_{d ∈ downstream(i)} f(account(d))`` — the potential exposures (audience, counted per
  item) that exist only because ``a`` reshared: its own followers plus everyone who saw the story
  through further reshares of its reshare. The original author's own audience is never counted;
* **spread score** of account ``a`` = Σ over a's items of ``|downstream(i)|`` — items its posts set off.

An account is a *super-spreader* overall when its summed spread score is in the top ``quantile`` of
accounts with any spread and at least ``min_spread``; an *amplifier* likewise for the amplification score.

>>> parents = {"o": None, "r1": "o", "r2": "r1", "r3": "r1"}
>>> accounts = {"o": "outlet", "r1": "bob", "r2": "x", "r3": "y"}
>>> s = account_scores(parents, accounts, followers={"bob": 100, "x": 10, "y": 5, "outlet": 9999})
>>> s["bob"]["amplification"], s["outlet"]["spread"], s["bob"]["spread"]
(115, 3, 2)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import numpy as np


def account_scores(
    parents: Mapping[str, str | None],
    accounts: Mapping[str, str],
    *,
    followers: Mapping[str, int] | None = None,
) -> dict[str, dict[str, int]]:
    """Per account in one story: ``items, reshares, amplification, spread`` (see the module doc)."""
    children: dict[str, list[str]] = defaultdict(list)
    for i, p in parents.items():
        if p is not None and p in parents:
            children[p].append(i)

    def f(a: str) -> int:
        return int(followers.get(a, 0)) if followers is not None else 1

    # subtree sums (items and audience) by iterative post-order
    n_desc: dict[str, int] = {}
    aud_desc: dict[str, int] = {}  # Σ f over descendants (excluding the node)
    for start in parents:
        if start in n_desc:
            continue
        stack = [(start, False)]
        while stack:
            node, done = stack.pop()
            if done:
                ch = children.get(node, ())
                n_desc[node] = sum(1 + n_desc[c] for c in ch)
                aud_desc[node] = sum(f(accounts[c]) + aud_desc[c] for c in ch)
            elif node not in n_desc:
                stack.append((node, True))
                stack.extend((c, False) for c in children.get(node, ()) if c not in n_desc)
    out: dict[str, dict[str, int]] = {}
    for i, p in parents.items():
        a = accounts[i]
        row = out.setdefault(a, {"items": 0, "reshares": 0, "amplification": 0, "spread": 0})
        row["items"] += 1
        row["spread"] += n_desc[i]
        if p is not None and p in accounts and accounts[p] != a:
            row["reshares"] += 1
            row["amplification"] += f(a) + aud_desc[i]
    return out


def _top(rows: Mapping[str, Mapping[str, int]], key: str, top: int) -> list[dict[str, Any]]:
    ranked = sorted((a for a in rows if rows[a][key] > 0), key=lambda a: (-rows[a][key], a))[:top]
    return [{"account": a, **rows[a]} for a in ranked]


def story_amplifiers(
    parents: Mapping[str, str | None],
    accounts: Mapping[str, str],
    *,
    followers: Mapping[str, int] | None = None,
    top: int = 10,
) -> dict[str, list[dict[str, Any]]]:
    """``{"amplifiers": top accounts by amplification, "spreaders": top accounts by spread}`` for one story.

    >>> story_amplifiers({"o": None, "r": "o"}, {"o": "a", "r": "b"})["amplifiers"]
    [{'account': 'b', 'items': 1, 'reshares': 1, 'amplification': 1, 'spread': 0}]
    """
    rows = account_scores(parents, accounts, followers=followers)
    return {"amplifiers": _top(rows, "amplification", top), "spreaders": _top(rows, "spread", top)}


def overall_amplifiers(
    stories: Mapping[str, tuple[Mapping[str, str | None], Mapping[str, str]]],
    *,
    followers: Mapping[str, int] | None = None,
    top: int = 50,
    quantile: float = 0.99,
    min_spread: int = 10,
    min_amplification: int = 10,
) -> dict[str, Any]:
    """Over many stories (``{story: (parents, accounts)}``): per-account totals, the top ``top`` by
    amplification and by spread, the flagged ``super_spreaders`` / ``amplifiers`` (see module doc) and
    ``totals`` ({account: summed scores}),
    each with the number of stories it took part in.

    >>> st = {f"s{k}": ({"o": None, "r": "o", "q": "r"}, {"o": "hub", "r": "fan", "q": f"u{k}"}) for k in range(20)}
    >>> res = overall_amplifiers(st, min_spread=5, min_amplification=5)
    >>> [r["account"] for r in res["super_spreaders"]], [r["account"] for r in res["amplifiers"]]
    (['hub'], ['fan'])
    """
    totals: dict[str, dict[str, int]] = {}
    for parents, accounts in stories.values():
        for a, row in account_scores(parents, accounts, followers=followers).items():
            t = totals.setdefault(a, {"stories": 0, "items": 0, "reshares": 0, "amplification": 0, "spread": 0})
            t["stories"] += 1
            for k, v in row.items():
                t[k] += v

    def flagged(key: str, floor: int) -> list[dict[str, Any]]:
        vals = np.asarray([r[key] for r in totals.values() if r[key] > 0], dtype=float)
        if vals.size == 0:
            return []
        cut = max(float(np.quantile(vals, quantile)), floor)
        return _top({a: r for a, r in totals.items() if r[key] >= cut}, key, len(totals))

    return {
        "top_amplification": _top(totals, "amplification", top),
        "top_spread": _top(totals, "spread", top),
        "super_spreaders": flagged("spread", min_spread),
        "amplifiers": flagged("amplification", min_amplification),
        "totals": totals,
    }
