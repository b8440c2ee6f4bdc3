"""The province's places (2025 reform) as canonical entities, and the national names that confuse them.

Reads the official tables in the gazetteer directory (``NlpSettings.gazetteer_dir``) and builds:

* the current province (``place:province:25``), its 148 commune-level units (``place:<code>``),
* the former provinces Phú Thọ, Vĩnh Phúc, Hòa Bình (``place:former-province:<code>``),
* the 32 former districts (``place:former-district:<code>``),
* the 482 former communes with their former districts (``place:former:<code>``),

each with aliases (with and without "xã/phường/thị trấn/huyện/thị xã/thành phố/TP./tỉnh") and ``became``
(the current unit(s) a former one was merged into). Other provinces' names and the commune/district
names that also exist elsewhere come from underthesea's packaged 2025 mapping (offline).

>>> any(p["id"] == "place:province:25" for p in places())
True
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from common.errors import DataError
from nlp.csvdata import read_csv
from nlp.normalize import nfc
from nlp.settings import get_settings

PROVINCE_CODE = "25"
PROVINCE_ID = "place:province:25"
PROVINCE_NAME = "Phú Thọ"
FORMER_PROVINCES = {"25": "Phú Thọ", "26": "Vĩnh Phúc", "17": "Hòa Bình"}

_UNIT_PREFIXES = {
    "commune": ("xã", "phường", "thị trấn"),
    "district": ("huyện", "thị xã", "thành phố", "tp.", "tp"),
    "province": ("tỉnh",),
}
_TYPE_WORDS = re.compile(r"^(xã|phường|thị trấn|huyện|thị xã|thành phố|tỉnh)\s+", re.IGNORECASE)


def strip_type(name: str) -> tuple[str, str]:
    """Split 'Xã Tam Nông' into ('xã', 'Tam Nông').

    >>> strip_type("Thị xã Phú Thọ")
    ('thị xã', 'Phú Thọ')
    """
    name = nfc(name.strip())
    m = _TYPE_WORDS.match(name)
    if not m:
        return "", name
    return m.group(1).lower(), name[m.end():].strip()


def _aliases(kind: str, name: str, type_word: str) -> list[str]:
    out = [name]
    for p in _UNIT_PREFIXES[kind]:
        out.append(f"{p} {name}")
    if type_word and f"{type_word} {name}" not in out:
        out.append(f"{type_word} {name}")
    if kind == "district":
        out.append(f"TP.{name}")
    return out


@dataclass(frozen=True)
class Gazetteer:
    """All places of the province, by id, plus national confusables."""

    places: dict[str, dict[str, Any]]
    # short name (lower-case) -> ids of the province's places carrying it
    by_short: dict[str, list[str]]
    # lower-case short names of communes / districts that also exist in other provinces -> those provinces
    elsewhere: dict[str, list[str]]
    # other provinces: lower-case short name -> (id, display name)
    other_provinces: dict[str, tuple[str, str]]
    # lower-case short names of former districts that were also district names elsewhere
    elsewhere_district: dict[str, list[str]] = field(default_factory=dict)


def _underthesea_mapping() -> dict[str, Any]:
    try:
        import underthesea.address as ua
    except ImportError as e:  # pragma: no cover - underthesea is a dependency
        raise DataError("underthesea is not installed") from e
    path = Path(ua.__file__).parent / "data" / "mapping.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise DataError(f"cannot read underthesea's 2025 address mapping {path}: {e}") from e


@lru_cache(maxsize=4)
def load_gazetteer(directory: str | None = None) -> Gazetteer:
    """Build the gazetteer from ``directory`` (default: settings)."""
    gdir = Path(directory) if directory else get_settings().gazetteer_dir
    new_units = _read_gazetteer(gdir / "phutho_new_units_2025.csv")
    old_to_new = _read_gazetteer(gdir / "phutho_old_to_new_official.csv")
    districts = _read_gazetteer(gdir / "phutho_old_districts.csv")
    places: dict[str, dict[str, Any]] = {}

    places[PROVINCE_ID] = {
        "id": PROVINCE_ID, "admin_code": PROVINCE_CODE, "name": "Tỉnh Phú Thọ", "short": PROVINCE_NAME,
        "level": "province", "current": True, "aliases": ["Phú Thọ", "tỉnh Phú Thọ"], "became": [],
        "part_of": None, "former_district": None, "former_province": None,
    }
    for code, name in FORMER_PROVINCES.items():
        pid = f"place:former-province:{code}"
        places[pid] = {
            "id": pid, "admin_code": code, "name": f"Tỉnh {name}", "short": name, "level": "former_province",
            "current": False,
            "aliases": [name, f"tỉnh {name}", f"{name} cũ", f"tỉnh {name} cũ"],
            "became": [PROVINCE_ID], "part_of": None, "former_district": None, "former_province": None,
        }
    prov_id_by_name = {f"Tỉnh {n}": f"place:former-province:{c}" for c, n in FORMER_PROVINCES.items()}
    for row in new_units:
        pid = f"place:{row['code']}"
        tw, short = strip_type(row["name"])
        places[pid] = {
            "id": pid, "admin_code": row["code"], "name": row["name"], "short": short, "level": "commune",
            "type": tw, "current": True, "aliases": _aliases("commune", short, tw), "became": [],
            "part_of": PROVINCE_ID, "former_district": None, "former_province": None,
        }
    district_ids: dict[str, str] = {}
    for row in districts:
        pid = f"place:former-district:{row['old_district_code']}"
        tw, short = strip_type(row["old_district"])
        new_names = [n.strip() for n in row["new_units"].split(";") if n.strip()]
        district_ids[row["old_district"]] = pid
        places[pid] = {
            "id": pid, "admin_code": row["old_district_code"], "name": row["old_district"], "short": short,
            "level": "former_district", "type": tw, "current": False,
            "aliases": _aliases("district", short, tw) + [f"{short} cũ", f"huyện {short} cũ"],
            "became_names": new_names, "became": [],
            "part_of": prov_id_by_name.get(row["old_province"]), "former_district": None,
            "former_province": row["old_province"],
        }
    new_by_name = {p["name"]: pid for pid, p in places.items() if p["level"] == "commune"}
    for p in places.values():
        if p["level"] == "former_district":
            p["became"] = sorted({new_by_name[n] for n in p.pop("became_names") if n in new_by_name})
    for row in old_to_new:
        pid = f"place:former:{row['old_code']}"
        tw, short = strip_type(row["old_name"])
        target = f"place:{row['new_code']}"
        if pid in places:  # split units ("nhập một phần") become several new units
            if target not in places[pid]["became"]:
                places[pid]["became"].append(target)
            continue
        places[pid] = {
            "id": pid, "admin_code": row["old_code"], "name": row["old_name"], "short": short,
            "level": "former_commune", "type": tw, "current": False,
            "aliases": _aliases("commune", short, tw), "became": [target],
            "part_of": district_ids.get(row["old_district"]), "former_district": row["old_district"],
            "former_province": row["old_province"], "note": row["note"],
        }
    for p in places.values():
        p["aliases"] = sorted({nfc(a) for a in p["aliases"]}, key=lambda a: (len(a), a))

    by_short: dict[str, list[str]] = defaultdict(list)
    for pid, p in places.items():
        by_short[p["short"].lower()].append(pid)

    mapping = _underthesea_mapping()
    other_provinces: dict[str, tuple[str, str]] = {}
    own = {n.lower() for n in FORMER_PROVINCES.values()}
    for table in ("province_names", "old_province_names"):
        for info in mapping.get(table, {}).values():
            short = nfc(info["short"])
            if short.lower() in own:
                continue
            other_provinces[short.lower()] = (f"place:vn:{info['code']}", short)
    elsewhere: dict[str, set[str]] = defaultdict(set)
    elsewhere_d: dict[str, set[str]] = defaultdict(set)
    own_province_names = {"Tỉnh Phú Thọ", "Tỉnh Vĩnh Phúc", "Tỉnh Hòa Bình"}
    for rec in mapping.get("ward_mapping", []):
        prov_new = nfc(rec.get("new_province", ""))
        prov_old = nfc(rec.get("old_province", ""))
        if prov_new not in own_province_names:
            elsewhere[strip_type(rec.get("new_ward", ""))[1].lower()].add(strip_type(prov_new)[1])
        if prov_old not in own_province_names:
            elsewhere[strip_type(rec.get("old_ward", ""))[1].lower()].add(strip_type(prov_old)[1])
            name = strip_type(rec.get("old_district", ""))[1].lower()
            elsewhere[name].add(strip_type(prov_old)[1])
            elsewhere_d[name].add(strip_type(prov_old)[1])
    ours = set(by_short)
    elsewhere_ours = {k: sorted(v) for k, v in elsewhere.items() if k in ours and k}
    elsewhere_dist = {k: sorted(v) for k, v in elsewhere_d.items() if k in ours and k}
    return Gazetteer(places, dict(by_short), elsewhere_ours, other_provinces, elsewhere_dist)


def places(directory: str | None = None) -> list[dict[str, Any]]:
    """Canonical places for the graph loader: id, admin_code, name, level, aliases, became, part_of.

    ``level`` is one of province, commune (the 148 current units), former_province, former_district,
    former_commune; ``became`` lists the current unit ids a former unit was merged into
    (``(Place)-[:BECAME]->(Place)``), ``part_of`` the parent (``(Place)-[:PART_OF]->(Place)``).
    """
    g = load_gazetteer(directory)
    keys = ("id", "admin_code", "name", "level", "aliases", "became", "part_of", "current")
    return [{k: p.get(k) for k in keys} for p in g.places.values()]


def current_unit(place_id: str, directory: str | None = None) -> list[str]:
    """The current unit(s) a place id corresponds to (itself if current).

    >>> current_unit("place:former-province:26")
    ['place:province:25']
    """
    g = load_gazetteer(directory)
    p = g.places.get(place_id)
    if p is None:
        return []
    if p["current"]:
        return [place_id]
    return list(p["became"])


def new_unit_names(directory: str | None = None) -> list[str]:
    """The 148 current unit names."""
    g = load_gazetteer(directory)
    return [p["name"] for p in g.places.values() if p["level"] == "commune"]


def _read_gazetteer(path: Path) -> list[dict[str, str]]:
    return read_csv(path, what="gazetteer file", hint="set LANTOA_GAZETTEER_DIR")
