"""The social importer against the real Neo4j: everything in the sandbox export loads, bad lines are
reported by number while the rest loads, the follower threshold marks scope, a re-import changes nothing."""

from __future__ import annotations

import json

from etl.social_import import import_social
from graph.repository import GraphReader, GraphWriter


def test_import_sandbox_export(tiny_world, fault_driver, tmp_path):
    neo4j_driver = fault_driver
    src = tiny_world / "social" / "export.jsonl"
    lines = src.read_text(encoding="utf-8").splitlines()
    bad = ['{"type": "post", "platform": "facebook"', '{"type": "comment", "platform": "x"}',
           '{"type": "post", "platform": "facebook", "post_id": "b1", "account": "a", "created_at": "2025-07-01T08:00:00+07:00", "likes": -3}',
           "[1, 2]", '{"type": "account", "platform": "facebook"}']
    mixed = tmp_path / "export.jsonl"
    mixed.write_text("\n".join(lines[:100] + bad + lines[100:]) + "\n", encoding="utf-8")
    records = [json.loads(x) for x in lines if x.strip()]
    accounts = {(r["platform"], r["handle"]): r for r in records if r["type"] == "account"}
    posts = {(r["platform"], r["post_id"]) for r in records if r["type"] == "post"}
    no_time = sum(1 for r in records if r["type"] == "post" and not r.get("created_at"))

    writer = GraphWriter(neo4j_driver)
    rep = import_social(mixed, writer.write, threshold=2000, batch_size=500)
    assert rep.errors == len(bad)
    assert sorted(n for n, _ in rep.error_samples) == [101, 102, 103, 104, 105]
    assert rep.posts == len(posts) and rep.accounts == len(accounts)
    assert rep.warnings == no_time

    stats = GraphReader(neo4j_driver).read("read/etl_social_stats")[0]
    assert stats["posts"] == len(posts)
    assert stats["accounts"] == len(accounts)
    assert stats["in_scope"] == sum(1 for a in accounts.values() if (a.get("followers") or 0) >= 2000)
    assert stats["out_of_scope"] == sum(1 for a in accounts.values() if a.get("followers") is not None
                                        and a["followers"] < 2000)
    assert stats["posts_without_time"] == no_time
    assert stats["posted"] == len(posts)
    assert stats["shares"] > 0 and stats["replies"] >= 0
    assert stats["owned"] == sum(1 for a in accounts.values() if a.get("outlet"))

    again = import_social(mixed, writer.write, threshold=2000, batch_size=777)
    assert again.errors == rep.errors
    assert GraphReader(neo4j_driver).read("read/etl_social_stats")[0] == stats
