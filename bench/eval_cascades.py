"""Parent and origin recovery with 30 % of the parent links removed, beside the attach-to-earliest baseline.

1. Synthetic cascades (``graph.analytics.synthetic``): several seeds.
2. The sandbox's planted stories (``etl/sandbox/FORMAT.md``: ``truth/stories.json`` + ``social/export.jsonl``),
   read from world directories given with ``--world`` or generated with ``--generate N --size tiny|small``.
   Story membership comes from the truth (as the graph's ``PART_OF`` would); posts whose time is missing
   in the export are left out (counted). Crawled article URLs are passed as ``known_ids``.
   Also: coordinated groups found in the whole export vs ``truth/coordination.json`` (pairwise
   precision / recall of co-membership), and NMI of communities of the explicit amplification graph vs
   ``truth/accounts.jsonl`` communities.

Run: ``.venv/bin/python bench/eval_cascades.py [--seeds 3] [--world DIR ...] [--generate 3 --size small]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from graph.analytics.communities import detect_communities
from graph.analytics.coordination import coordinated_groups
from graph.analytics.evaluation import community_nmi, evaluate_parent_recovery
from graph.analytics.influence import amplification_edges
from graph.analytics.synthetic import synthetic_cascades
from nlp.fingerprint import fingerprinted

KEYS = ("parent_accuracy_dropped", "parent_accuracy_unlinked", "parent_accuracy_all", "origin_accuracy")


def show(label: str, rows: list[dict[str, Any]]) -> None:
    def agg(side: str, k: str) -> str:
        vals = [r[side][k] for r in rows if r[side][k] == r[side][k]]
        return f"{statistics.mean(vals):.3f}" if vals else "n/a"

    n = rows[0]
    print(f"{label}: {len(rows)} run(s), ~{n['n_events']:,} events, {n['n_stories']} stories, "
          f"{n['n_dropped']} links dropped, {n['n_unlinked']} items without a link")
    for k in KEYS:
        print(f"   {k:<26} method {agg('method', k)}   baseline {agg('baseline', k)}")


def load_world(world: Path) -> tuple[list[dict], dict, dict, set[str], list[dict], dict]:
    stories = json.loads((world / "truth/stories.json").read_text(encoding="utf-8"))
    posts: dict[str, dict] = {}
    with (world / "social/export.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("type") == "post":
                posts[f"{r['platform']}:{r['post_id']}"] = r
    known = set()
    with (world / "articles/articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            known.add(json.loads(line)["url"])

    def event(pid: str, r: dict, story: str | None) -> dict:
        link = r.get("parent_url") or (r.get("links") or [None])[0]
        return fingerprinted({"id": pid, "story": story, "account": f"{r['platform']}:{r['account']}", "created_at": r.get("created_at"),
                "parent_id": f"{r['platform']}:{r['parent_id']}" if r.get("parent_id") else None,
                "url": link, "text": r.get("text") or None})

    events, parents, origins = [], {}, {}
    skipped = 0
    for st in stories:
        origins[st["id"]] = st["origin_post"]
        for it in st["items"]:
            r = posts.get(it["post"])
            if r is None or not r.get("created_at"):
                skipped += 1
                continue
            events.append(event(it["post"], r, st["id"]))
            parents[it["post"]] = it["true_parent"]
    if skipped:
        print(f"   ({world.name}: {skipped} story items without a time in the export left out)")
    all_events = [event(pid, r, None) for pid, r in posts.items() if r.get("created_at")]
    coord = json.loads((world / "truth/coordination.json").read_text(encoding="utf-8"))
    acc_comm = {}
    with (world / "truth/accounts.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            acc_comm[a["id"]] = a["community"]
    return events, parents, origins, known, all_events, {"coordination": coord, "communities": acc_comm}


def pairs(groups: list[list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(set(g), 2)}  # type: ignore[misc]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--stories", type=int, default=2000)
    ap.add_argument("--world", type=Path, action="append", default=[])
    ap.add_argument("--generate", type=int, default=0)
    ap.add_argument("--size", default="small")
    args = ap.parse_args()

    rows = []
    for seed in range(args.seeds):
        events, truth = synthetic_cascades(args.stories, seed=100 + seed, mean_size=25)
        events = [fingerprinted(e) for e in events]
        t = time.perf_counter()
        rows.append(evaluate_parent_recovery(events, truth["parents"], truth["origins"], drop=0.3, seed=seed))
        rows[-1]["seconds"] = time.perf_counter() - t
    show("synthetic cascades", rows)

    worlds = list(args.world)
    if args.generate:
        from etl.sandbox import generate

        tmp = Path(tempfile.mkdtemp(prefix="lantoa-worlds-"))
        for seed in range(1, args.generate + 1):
            generate(tmp / f"{args.size}-{seed}", seed=seed, size=args.size)
            worlds.append(tmp / f"{args.size}-{seed}")
    if not worlds:
        return
    rows, coord_rows, nmis = [], [], []
    for world in worlds:
        events, parents, origins, known, all_events, extra = load_world(world)
        for seed in range(args.seeds):
            rows.append(evaluate_parent_recovery(events, parents, origins, drop=0.3, seed=seed, known_ids=known))
        res = coordinated_groups(all_events, by="both")
        found = pairs([g["accounts"] for g in res["groups"]])
        true = pairs([g["accounts"] for g in extra["coordination"]["groups"]])
        tp = len(found & true)
        coord_rows.append((tp / len(found) if found else float("nan"), tp / len(true) if true else float("nan"),
                           res["window_s"], len(res["groups"]), len(extra["coordination"]["groups"])))
        linked = [e for e in all_events if e["parent_id"]]
        ids = {e["id"] for e in all_events}
        amp = amplification_edges({e["id"]: None for e in all_events} |
                                  {e["id"]: e["parent_id"] for e in linked if e["parent_id"] in ids},
                                  {e["id"]: e["account"] for e in all_events})
        part = detect_communities([(r["source"], r["target"], r["count"]) for r in amp], seed=0)
        nmis.append(community_nmi(part, extra["communities"]))
    show(f"sandbox planted stories ({len(worlds)} world(s) × {args.seeds} drop seeds)", rows)
    for (prec, rec, win, n_found, n_true), world in zip(coord_rows, worlds, strict=True):
        print(f"   coordination {world.name}: window {win:.0f}s, {n_found} groups found / {n_true} planted, "
              f"pairwise precision {prec:.3f}, recall {rec:.3f}")
    print(f"   communities of the explicit amplification graph vs planted account communities: NMI "
          f"{', '.join(f'{x:.3f}' for x in nmis)}")


if __name__ == "__main__":
    main()
