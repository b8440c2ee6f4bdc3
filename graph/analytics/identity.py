"""Journalists' pen names resolved to one identity, at the same outlet, with the evidence. Pure functions.

Vietnamese bylines often drop the surname (and sometimes the middle name): "Công Vinh" signs at the paper where
"Nguyễn Công Vinh" also signs. A crawled byline is linked ``SAME_AS`` a fuller name when, **at the same outlet**,
its syllables are the last syllables of exactly one longer name there (case and Unicode form ignored, diacritics
kept: "Công Vinh" is not "Cong Vinh"). One-syllable names are never linked (too many share them), nor is a name
that two fuller names end with (two "… Thị Hạnh" at one paper: which one signed is unknown), nor names at
different outlets (two papers' "Thu Hà" are two people until the registry says otherwise).

>>> rows = [{"id": "j:cv", "name": "Công Vinh", "outlet": "a.vn", "articles": 4},
...         {"id": "j:ncv", "name": "Nguyễn Công Vinh", "outlet": "a.vn", "articles": 9},
...         {"id": "j:th", "name": "Thị Hạnh", "outlet": "a.vn", "articles": 2},
...         {"id": "j:qth", "name": "Quách Thị Hạnh", "outlet": "a.vn", "articles": 3},
...         {"id": "j:lth", "name": "Lê Thị Hạnh", "outlet": "a.vn", "articles": 1},
...         {"id": "j:cv2", "name": "Công Vinh", "outlet": "b.vn", "articles": 1}]
>>> [(x.alias_id, x.canonical_id, x.outlet_id) for x in pen_name_links(rows)]
[('j:cv', 'j:ncv', 'a.vn')]
>>> reg = {"id": "reg:1", "name": "NGUYỄN CÔNG VINH", "outlet": "a.vn", "registered": True}
>>> [(x.alias_id, x.canonical_id) for x in pen_name_links(rows + [reg])]     # the registry's entry, once
[('j:cv', 'reg:1')]
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["PenNameLink", "pen_name_links", "syllables"]


@dataclass(frozen=True, slots=True)
class PenNameLink:
    alias_id: str
    canonical_id: str
    outlet_id: str
    reason: str

    def as_row(self) -> dict[str, str]:
        return {"alias_id": self.alias_id, "canonical_id": self.canonical_id, "outlet_id": self.outlet_id,
                "reason": self.reason}


def syllables(name: str) -> tuple[str, ...]:
    """The name's syllables, NFC and lower-case (diacritics kept)."""
    return tuple(unicodedata.normalize("NFC", name or "").lower().split())


def pen_name_links(rows: Iterable[Mapping[str, Any]]) -> list[PenNameLink]:
    """``SAME_AS`` links from short bylines to the one fuller name at the same outlet that they end.

    ``rows``: ``{id, name, outlet, articles?, registered?}`` — one per (journalist, outlet) worked for; a
    registered journalist (press registry) is never an alias, only a canonical name."""
    by_outlet: dict[str, dict[str, tuple[tuple[str, ...], str, int, bool]]] = defaultdict(dict)
    for r in rows:
        if not r.get("id") or not r.get("outlet"):
            continue
        sy = syllables(str(r.get("name") or ""))
        if sy:
            by_outlet[str(r["outlet"])][str(r["id"])] = (sy, str(r.get("name")), int(r.get("articles") or 0),
                                                        bool(r.get("registered")))
    out: list[PenNameLink] = []
    for outlet, people in sorted(by_outlet.items()):
        for jid, (sy, name, n, registered) in sorted(people.items()):
            if registered or len(sy) < 2:
                continue
            fuller = [(osy, oid, oname, on, oreg) for oid, (osy, oname, on, oreg) in people.items()
                      if oid != jid and len(osy) > len(sy) and osy[-len(sy):] == sy]
            if len({f[0] for f in fuller}) != 1:
                continue        # none, or two different fuller names end with it
            # one fuller name, perhaps under two ids (its crawled byline and its registry entry): the registry's
            _, cid, cname, cn, _ = min(fuller, key=lambda f: (not f[4], -f[3], f[1]))
            out.append(PenNameLink(jid, cid, outlet, (
                f"Bút danh “{name}” ({n} bài) là phần cuối của họ tên “{cname}” ({cn} bài) tại cùng cơ quan báo "
                f"{outlet}, và không trùng với họ tên nào khác ở đó.")))
    return out
