"""Items without a posting time, attached to the stories their evidence names.

Exports lose times (a reply scraped without its date, a post whose clock the platform hides). Such an item cannot
be a cascade event — nothing says when it happened — but it is still part of the story it answers or copies, and
an inspector counting a rumour's items must see it there. :func:`attach_untimed` places each time-less item in a
story only on evidence, first rule that applies wins:

1. ``explicit`` — it shares or replies to an item that is in a story (also through other time-less items);
2. ``copy`` — its stored fingerprint is a near-copy (similarity ≥ ``copy_threshold``) of one story's items.

Nothing else (no guessing from the account or the time it was observed). Story metrics (speed, depth, growth) stay
those of the timed items: the attached items are members, not events.

>>> fp = bytes(range(128)).hex()
>>> attach_untimed([{"id": "r1", "parent_id": "p1"}, {"id": "r2", "parent_id": "r1"},
...                 {"id": "c1", "fingerprint": fp}, {"id": "x", "parent_id": "nowhere"}],
...                members={"p1": "story:p1", "p2": "story:p2"}, fingerprints={"p2": fp})
{'r1': ('story:p1', 'p1', 'explicit'), 'r2': ('story:p1', 'r1', 'explicit'), 'c1': ('story:p2', 'p2', 'copy')}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph.analytics.lsh import LshIndex, as_bytes

__all__ = ["attach_untimed"]


def attach_untimed(
    untimed: Iterable[Mapping[str, Any]],
    *,
    members: Mapping[str, str],
    fingerprints: Mapping[str, Any],
    copy_threshold: float = 0.6,
) -> dict[str, tuple[str, str, str]]:
    """``{item id: (story id, parent id, how)}`` for the time-less items the evidence ties to a story.

    ``untimed``: ``{id, parent_id?, fingerprint?}``; ``members``: story id of every timed story member;
    ``fingerprints``: stored fingerprints of timed story members (only those are copy candidates)."""
    items = {str(r["id"]): r for r in untimed if r.get("id") is not None}
    out: dict[str, tuple[str, str, str]] = {}

    def follow_parents() -> None:  # explicit links, through chains of attached items until nothing changes
        changed = True
        while changed:
            changed = False
            for iid, r in items.items():
                if iid in out or iid in members:
                    continue
                parent = r.get("parent_id")
                if not parent or parent == iid:
                    continue
                story = members.get(parent) or (out[parent][0] if parent in out else None)
                if story is not None:
                    out[iid] = (story, parent, "explicit")
                    changed = True

    # 1. explicit links
    follow_parents()
    # 2. near-copies of exactly one story's items
    index = LshIndex()
    for iid, fp in fingerprints.items():
        if iid in members and as_bytes(fp):
            index.add(iid, fp)
    for iid, r in items.items():
        if iid in out or iid in members or not as_bytes(r.get("fingerprint")):
            continue
        hits = index.query(r["fingerprint"], threshold=copy_threshold)
        if not hits:
            continue
        stories = {members[k] for k, s in hits if s == hits[0][1]}
        if len(stories) == 1:
            out[iid] = (stories.pop(), str(hits[0][0]), "copy")
    # 3. what shares or answers an item attached as a copy follows it (a dated "Sợ quá" sharing a time-less copy
    # of the rumour was left in no story on the 21-day world)
    follow_parents()
    return out
