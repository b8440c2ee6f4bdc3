"""Re-level the stored daily scope alerts of a kept scorecard graph by casework.warning's material-volume rule
and score the crisis warning again. The rule changes only an alert's level, never whether it fires, so this
measures it on a long world without re-running its hourly passes (a 21-day world's take an hour here).

    python bench/relevel_alerts.py NEO4J_HOME WORLD_DIR     # a server kept by `lantoa evaluate world --keep-db`
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import replace
from pathlib import Path

import neo4j

from api.scorecard import read_snapshot
from casework.warning import material_level
from etl.sandbox.scorecard import load_truth, score


def main() -> None:
    home, world = Path(sys.argv[1]), Path(sys.argv[2])
    ports = json.loads((home / "scorecard-ports.json").read_text())
    pw = (home / "password").read_text().strip()
    d = neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{ports['bolt']}", auth=("neo4j", pw))
    snap = read_snapshot(d)
    meta = {r["id"]: r for r in d.execute_query("MATCH (al:Alert) RETURN al.id AS id, al.score AS z, al.reasons AS reasons").records}
    changed = 0
    alerts = []
    for a in snap.alerts:
        a = dict(a)
        m = meta.get(a["id"])
        if a["kind"] in ("volume", "negativity") and re.search(r":\d{4}-\d{2}-\d{2}$", a["id"]) and m:
            r0 = m["reasons"][0]
            n = None
            if a["kind"] == "volume":
                mm = re.search(r" là (\d+),", r0)  # the day's mentions, as the alert's reason prints them
                n = int(mm.group(1)) if mm else None
            else:
                mm = re.search(r"\((\d+)/(\d+)\)", r0)  # (negative/all) mentions of the day
                n = int(mm.group(1)) if mm else None
            if n is not None:
                lvl, _ = material_level(float(m["z"]), n)
                if int(lvl) != a["level"]:
                    changed += 1
                a["level"] = int(lvl)
        alerts.append(a)
    snap = replace(snap, alerts=alerts)
    out = score(load_truth(world), snap)
    print("re-levelled", changed, json.dumps(out["crisis"], ensure_ascii=False))


if __name__ == "__main__":
    main()
