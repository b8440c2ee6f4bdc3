"""Backtest the early-warning rules on a sandbox world: lead time before the planted crisis peak and false
alarms per simulated week. Offline (reads the world's files; no database).

    .venv/bin/python bench/warning_backtest.py [WORLD_DIR] [--days 21 --posts 30000 --seed 3]

Without WORLD_DIR a world is generated into a temporary directory. Post sentiment comes from the project's
own sentiment model (nlp.sentiment.predict) on the post text; a share inherits its root's sentiment. Stories
are share cascades (a post and every share/reply reaching it). Articles count with their outlet's level
(a national outlet is a pickup). The crisis peak is the hour with most posts by the crisis accounts inside
the planted window (truth/crisis.json).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from casework.warning import LOCAL_TZ, CrisisLevel, Mention, backtest, replay_alerts


def _dt(s: str) -> datetime:
    d = datetime.fromisoformat(s)
    return d if d.tzinfo else d.replace(tzinfo=LOCAL_TZ)  # exports without an offset are local time


def load_world(world: Path) -> tuple[list[Mention], dict]:
    from nlp.sentiment import predict

    outlets = {o["host"]: o for o in json.loads((world / "outlets.json").read_text(encoding="utf-8"))}
    accounts: dict[str, dict] = {}
    posts: list[dict] = []
    with (world / "social" / "export.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d.get("type") == "account":
                accounts[f"{d['platform']}:{d['handle']}"] = d
            elif d.get("type") == "post" and d.get("created_at"):
                posts.append(d)
    by_id = {f"{p['platform']}:{p['post_id']}": p for p in posts}

    def root(pid: str) -> str:
        seen = set()
        while True:
            p = by_id.get(pid)
            parent = p.get("parent_id") if p else None
            if not parent or pid in seen:
                return pid
            seen.add(pid)
            nxt = f"{p['platform']}:{parent}"
            if nxt not in by_id:
                return pid
            pid = nxt

    roots = {pid: root(pid) for pid in by_id}
    originals = [pid for pid in by_id if roots[pid] == pid]
    scores = predict([by_id[pid].get("text") or "" for pid in originals], domain="posts")
    negative = {pid: s["label"] == "negative" for pid, s in zip(originals, scores, strict=True)}
    size = Counter(roots.values())
    mentions = []
    for pid, p in by_id.items():
        acc = accounts.get(f"{p['platform']}:{p['account']}", {})
        r = roots[pid]
        mentions.append(Mention(
            at=_dt(p["created_at"]), scopes=("all", f"platform:{p['platform']}"),
            negative=negative.get(r, False), story_id=r if size[r] >= 3 else None,
            source=f"{p['platform']}:{p['account']}", followers=int(acc.get("followers") or 0), local=True))
    with (world / "articles" / "articles.jsonl").open(encoding="utf-8") as f:
        arts = [json.loads(line) for line in f]
    art_scores = predict([a["title"] + ". " + (a.get("lead") or "") for a in arts])
    for a, s in zip(arts, art_scores, strict=True):
        o = outlets.get(a["host"], {})
        mentions.append(Mention(at=_dt(a["published_at"]), scopes=("all", f"outlet:{a['host']}"),
                                negative=s["label"] == "negative", source=a["host"],
                                national=o.get("level") == "national", local=True))
    crisis = json.loads((world / "truth" / "crisis.json").read_text(encoding="utf-8"))
    crisis_accounts = set(crisis["accounts"])
    start, end = datetime.fromisoformat(crisis["start"]), datetime.fromisoformat(crisis["end"])
    hours = Counter(m.at.replace(minute=0, second=0, microsecond=0) for m in mentions
                    if m.source in crisis_accounts and start <= m.at <= end)
    crisis["peak"] = max(hours, key=lambda h: (hours[h], -h.timestamp())).isoformat() if hours else crisis["end"]
    return mentions, crisis


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("world", nargs="?", type=Path)
    ap.add_argument("--days", type=int, default=21)
    ap.add_argument("--posts", type=int, default=30000)
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--accounts", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--warmup-days", type=int, default=7, help="history before alerts are scored")
    args = ap.parse_args()
    tmp = None
    world = args.world
    if world is None:
        from etl.sandbox import generate

        tmp = tempfile.TemporaryDirectory(prefix="lantoa-warning-")
        world = Path(tmp.name) / "world"
        generate(world, seed=args.seed, size="small", days=args.days, posts=args.posts, articles=args.articles,
                 accounts=args.accounts)
    t0 = time.perf_counter()
    mentions, crisis = load_world(world)
    t1 = time.perf_counter()
    first = min(m.at for m in mentions)
    last = max(m.at for m in mentions)
    period_start = (first + timedelta(days=args.warmup_days)).replace(minute=0, second=0, microsecond=0)
    print(f"world {world}: {len(mentions):,} mentions, {first:%Y-%m-%d} → {last:%Y-%m-%d}; "
          f"crisis {crisis['start']} → {crisis['end']}, peak hour {crisis['peak']}; loaded in {t1 - t0:.1f} s")
    crisis_accounts = set(crisis["accounts"])
    c_start, c_end = datetime.fromisoformat(crisis["start"]), datetime.fromisoformat(crisis["end"])
    crisis_stories = {f"story:{m.story_id}" for m in mentions
                      if m.story_id and m.source in crisis_accounts and c_start <= m.at <= c_end}

    def relevant(key: str) -> bool:  # a volume alert on a scope, or an alert on a story the crisis posts are in
        return not key.startswith("story:") or key in crisis_stories

    for level in (CrisisLevel.WARNING, CrisisLevel.SERIOUS):
        t2 = time.perf_counter()
        alerts = replay_alerts(mentions, period_start=period_start, period_end=last, min_level=level)
        r = backtest(alerts, relevant=relevant, crisis_start=datetime.fromisoformat(crisis["start"]),
                     crisis_peak=datetime.fromisoformat(crisis["peak"]), period_start=period_start, period_end=last,
                     crisis_end=datetime.fromisoformat(crisis["end"]))
        print(f"alerts at level >= {int(level)} ({level.name.lower()}): detected={r.detected} "
              f"first alert {r.first_alert_at.isoformat() if r.first_alert_at else '-'}, "
              f"lead time before peak {r.lead_time_hours if r.lead_time_hours is not None else '-'} h, "
              f"false alarms {r.false_alarms} over {r.weeks:.1f} weeks = {r.false_alarms_per_week:.2f}/week, "
              f"{len(alerts)} alert-times on {len({k for _, k in alerts})} keys; first relevant key "
              f"{next((k for t, k in alerts if t == r.first_alert_at and relevant(k)), '-')} "
              f"(replay {time.perf_counter() - t2:.1f} s)")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
