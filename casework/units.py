"""The province's units as users: its departments and agencies and its 148 communes and wards (2025 reform).

* a commune's unit (``unit:place:<code>``) covers its Place; its watchlist (places) is that place, every former
  commune that BECAME it and every place PART_OF it, read from the graph's links when the units are loaded;
* a department's unit (``unit:org:pt:…``, from ``casework/data/departments.csv`` and the agencies list
  ``nlp/data/agencies.csv``) watches its organisation, the organisations merged into it (``became``) and those
  named in ``also_watch``, its topics (``nlp/data/topics.yaml``) and keywords.

Users belong to units (``(User)-[:MEMBER_OF]->(Unit)``); a unit's contacts (email, webhook) are set by the
operator. Loading is idempotent (``lantoa units load``).

>>> rows = unit_rows()
>>> sum(r["kind"] == "commune" for r in rows)
148
>>> dept = next(r for r in rows if r["id"] == "unit:org:pt:so-noi-vu")
>>> "org:pt:so-ldtbxh" in dept["watch_orgs"], "administration" in dept["watch_topics"]
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, overload

import yaml

from casework.routing import UnitWatch
from common.errors import DataError, NotFoundError, ValidationError
from graph.repository import GraphReader, GraphWriter
from nlp.agencies import agencies
from nlp.csvdata import read_csv
from nlp.gazetteer import load_gazetteer
from nlp.normalize import nfc
from nlp.settings import get_settings as get_nlp_settings

DATA = Path(__file__).resolve().parent / "data"
UNIT_PREFIX = "unit:"


def unit_id_for(target: str) -> str:
    """The unit id of a place or organisation id (``place:04792`` → ``unit:place:04792``); unit ids pass through."""
    return target if target.startswith(UNIT_PREFIX) else UNIT_PREFIX + target


def _split(v: str) -> list[str]:
    return [x.strip() for x in (v or "").split("|") if x.strip()]


@lru_cache(maxsize=1)
def topic_labels() -> dict[str, str]:
    """Topic id → its Vietnamese label."""
    path = get_nlp_settings().data_dir / "topics.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise DataError(f"cannot read {path}: {e}") from e
    return {k: nfc(str(v.get("label") or k)) for k, v in (data.get("topics") or {}).items()}


def department_rows(path: Path | None = None) -> list[dict[str, Any]]:
    """Department units from ``departments.csv`` and the agencies list (unknown ids or topics are an error)."""
    by_id = {a["id"]: a for a in agencies()}
    topics = topic_labels()
    out = []
    for r in read_csv(path or DATA / "departments.csv", what="departments file"):
        org = by_id.get(r["org_id"])
        if org is None:
            raise DataError(f"departments.csv: {r['org_id']!r} is not in nlp/data/agencies.csv")
        if org.get("became"):
            raise DataError(f"departments.csv: {r['org_id']!r} was merged into {org['became']}; use the new body")
        bad = [t for t in _split(r["topics"]) if t not in topics]
        if bad:
            raise DataError(f"departments.csv: unknown topics {bad} for {r['org_id']}")
        merged = [a["id"] for a in agencies() if a.get("became") == org["id"]]
        also = _split(r["also_watch"])
        unknown = [o for o in also if o not in by_id]
        if unknown:
            raise DataError(f"departments.csv: unknown organisations {unknown} for {r['org_id']}")
        watch = list(dict.fromkeys([org["id"], *merged, *also]))
        out.append({
            "id": unit_id_for(org["id"]), "name": org["name"], "kind": "department", "place_id": None,
            "org_id": org["id"], "watch_orgs": watch, "watch_org_names": [by_id[o]["name"] for o in watch],
            "watch_topics": _split(r["topics"]), "watch_keywords": _split(r["keywords"]),
        })
    return out


def commune_rows(directory: str | None = None) -> list[dict[str, Any]]:
    """One unit per current commune or ward (the gazetteer's 148), covering its Place."""
    g = load_gazetteer(directory)
    return [{"id": unit_id_for(p["id"]), "name": p["name"], "kind": "commune", "place_id": p["id"],
             "org_id": None, "watch_orgs": [], "watch_org_names": [], "watch_topics": [], "watch_keywords": []}
            for p in sorted(g.places.values(), key=lambda p: p["id"]) if p["level"] == "commune"]


def unit_rows(directory: str | None = None) -> list[dict[str, Any]]:
    return department_rows() + commune_rows(directory)


def load_units(writer: GraphWriter, rows: Iterable[dict[str, Any]] | None = None) -> int:
    """Write the units (MERGE, idempotent) with their COVERS/WATCHES links; the places must be loaded first."""
    rows = list(unit_rows() if rows is None else rows)
    writer.write("load/units", rows)
    writer.write("load/unit_watch_places", [{"id": r["id"]} for r in rows if r["kind"] == "commune"])
    return len(rows)


def set_contacts(writer: GraphWriter, rows: Iterable[Mapping[str, str | None]]) -> int:
    """Set units' email and webhook (``{unit_id, email, webhook_url}``; an empty value clears it)."""
    out = []
    for r in rows:
        email = (r.get("email") or "").strip() or None
        hook = (r.get("webhook_url") or "").strip() or None
        if email is not None and ("@" not in email or any(c.isspace() for c in email)):
            raise ValidationError(f"not an email address: {email!r}")
        if hook is not None and not hook.startswith(("http://", "https://")):
            raise ValidationError(f"a webhook must be an http(s) URL: {hook!r}")
        out.append({"id": unit_id_for(str(r["unit_id"]).strip()), "email": email, "webhook_url": hook})
    found = {r["id"] for r in writer.run("load/unit_contacts", {"rows": out})} if out else set()
    missing = [r["id"] for r in out if r["id"] not in found]
    if missing:
        raise NotFoundError(f"no such unit(s): {', '.join(missing)} (run `lantoa units load` first)")
    return len(out)


def read_contacts_csv(path: Path) -> list[dict[str, str]]:
    """``unit_id,email,webhook_url`` rows (unit_id may also be a place or organisation id)."""
    rows = read_csv(path, what="contacts file")
    if rows and "unit_id" not in rows[0]:
        raise DataError(f"{path}: the header must name unit_id, email, webhook_url")
    return rows


def set_membership(writer: GraphWriter, unit_id: str, user_id: str, *, member: bool = True) -> None:
    """Make ``user_id`` a member of the unit (or remove them); a ``unit_officer`` belongs to one unit only."""
    rows = writer.run("load/unit_member", {"unit_id": unit_id_for(unit_id), "user_id": user_id, "member": member})
    if not rows:
        raise NotFoundError(f"no unit {unit_id!r} or no user {user_id!r}")
    if rows[0]["refused"]:
        raise ValidationError(f"{user_id!r} is a unit officer of another unit; an officer is bound to one unit "
                              "(remove them from it first)")


def units_of_user(reader: GraphReader, user_id: str) -> list[dict[str, Any]]:
    return reader.read("read/user_units", {"user_id": user_id})


@overload
def watchlists(reader: GraphReader) -> list[UnitWatch]: ...
@overload
def watchlists(reader: GraphReader, *, with_channels: Literal[True]) -> tuple[list[UnitWatch], dict[str, list[str]]]: ...


def watchlists(reader: GraphReader, *, with_channels: bool = False) -> Any:
    """Every unit's watchlist, for routing (and, ``with_channels``, each unit's delivery channels)."""
    labels = topic_labels()
    out = []
    channels: dict[str, list[str]] = {}
    for r in reader.read("read/routing_units"):
        channels[r["id"]] = [c for c, ok in (("email", r["has_email"]), ("webhook", r["has_webhook"])) if ok]
        places = {p["id"]: p["name"] or p["id"] for p in r["places"] if p["id"]}
        out.append(UnitWatch(
            id=r["id"], name=r["name"], kind=r["kind"], places=places,
            topics={t: labels.get(t, t) for t in r["topics"] or []},
            orgs={o["id"]: o["name"] or o["id"] for o in r["orgs"] if o["id"]},
            keywords=tuple(r["keywords"] or ()), own_places=frozenset(x for x in [r["place_id"]] if x)))
    return (out, channels) if with_channels else out
