"""Determinism, ground truth against articles and the social export."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from common.errors import GazetteerMissing, SizeInvalid
from etl.sandbox import WorldManifest, generate
from etl.sandbox.text import TOPICS
from etl.sandbox.truth import read_jsonl
from etl.sandbox.world import TZ


def tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def test_same_seed_gives_identical_tree(tmp_path: Path, gazetteer_dir: Path) -> None:
    a = generate(tmp_path / "a", seed=11, size="tiny", gazetteer_dir=gazetteer_dir)
    b = generate(tmp_path / "b", seed=11, size="tiny", gazetteer_dir=gazetteer_dir)
    c = generate(tmp_path / "c", seed=12, size="tiny", gazetteer_dir=gazetteer_dir)
    assert tree_hash(tmp_path / "a") == tree_hash(tmp_path / "b")
    assert a.files == b.files
    assert tree_hash(tmp_path / "a") != tree_hash(tmp_path / "c")
    assert c.files["articles/articles.jsonl"] != a.files["articles/articles.jsonl"]


def test_manifest_lists_hashes(tiny_world: Path) -> None:
    m = WorldManifest.load(tiny_world)
    assert m.counts["articles"] == 400 and m.counts["posts"] == 4000
    for rel, digest in m.files.items():
        assert hashlib.sha256((tiny_world / rel).read_bytes()).hexdigest() == digest


def test_bad_size_and_gazetteer(tmp_path: Path, gazetteer_dir: Path) -> None:
    with pytest.raises(SizeInvalid):
        generate(tmp_path / "x", seed=1, size="enormous", gazetteer_dir=gazetteer_dir)
    with pytest.raises(SizeInvalid):
        generate(tmp_path / "x", seed=1, size="tiny", articles=-5, gazetteer_dir=gazetteer_dir)
    with pytest.raises(GazetteerMissing):
        generate(tmp_path / "x", seed=1, size="tiny", gazetteer_dir=tmp_path / "nowhere")


def test_explicit_counts(tmp_path: Path, gazetteer_dir: Path) -> None:
    m = generate(tmp_path / "w", seed=2, size="tiny", articles=120, posts=900, accounts=150, days=2,
                 gazetteer_dir=gazetteer_dir)
    assert m.counts["articles"] == 120 and m.counts["posts"] == 900 and m.counts["accounts"] == 150
    assert sum(1 for _ in (tmp_path / "w" / "articles" / "articles.jsonl").open()) == 120


def test_entity_offsets_slice_the_text(tiny_world: Path) -> None:
    arts = {a["id"]: a for a in read_jsonl(tiny_world / "articles" / "articles.jsonl")}
    truth = read_jsonl(tiny_world / "truth" / "articles.jsonl")
    ents = json.loads((tiny_world / "entities.json").read_text(encoding="utf-8"))
    known = {e["id"] for k in ("places", "organizations", "people") for e in ents[k]}
    n = 0
    for t in truth:
        text = arts[t["id"]]["text"]
        assert text == unicodedata.normalize("NFC", text)
        assert text == "\n\n".join(arts[t["id"]]["paragraphs"])
        for e in t["entities"]:
            assert text[e["start"]:e["end"]] == e["text"], (t["id"], e)
            assert e["label"] in ("PER", "LOC", "ORG")
            assert e["id"] in known, e
            n += 1
    assert n > 2000


def test_truth_covers_topics_sentiment_and_confusables(tiny_world: Path) -> None:
    truth = read_jsonl(tiny_world / "truth" / "articles.jsonl")
    assert {t["sentiment"] for t in truth} == {"positive", "neutral", "negative"}
    assert set(TOPICS) <= {x for t in truth for x in t["topics"]}
    prov = [t for t in truth if t["concerns_province"]]
    assert 0.3 < len(prov) / len(truth) < 0.8
    conf = Counter(t["confusable"] for t in truth if t["confusable"])
    assert {"phuc_tho_hanoi", "phu_tho_hcmc", "same_name_elsewhere", "hoa_binh_peace"} <= set(conf)
    assert all(not t["concerns_province"] for t in truth if t["confusable"])
    # province articles mention a place of the province; confusable ones mention the outside place
    for t in prov:
        assert any(e["id"].startswith("place:") and not e["id"].startswith("place:ext:") for e in t["entities"]) \
            or t["copy_of"] or t["story"]
    quirks = {t["quirk"] for t in truth}
    assert {"missing_date", "utf8_declared_cp1258", "cp1258_declared_utf8", "truncated", "js_body", "gone_404",
            "error_500", "flaky_500", "redirect_chain", "huge"} <= quirks
    assert any(t["robots_disallowed"] for t in truth)


def test_copies_point_to_earlier_originals(tiny_world: Path) -> None:
    arts = {a["id"]: a for a in read_jsonl(tiny_world / "articles" / "articles.jsonl")}
    copies = [a for a in arts.values() if a["copy_of"]]
    assert copies
    for c in copies:
        o = arts[c["copy_of"]]
        assert o["copy_of"] is None
        assert o["published_at"] <= c["published_at"]
        assert c["paragraphs"][0] == o["paragraphs"][0]
        assert c["authors"] == []


def test_photographers_are_not_authors(tiny_world: Path) -> None:
    arts = read_jsonl(tiny_world / "articles" / "articles.jsonl")
    people = json.loads((tiny_world / "people.json").read_text(encoding="utf-8"))
    names = {p["id"]: p["name"] for p in people["journalists"]}
    with_photo = [a for a in arts if a["photographer"]]
    assert with_photo
    for a in with_photo:
        assert a["photographer"] not in [names[x] for x in a["authors"]]
    multi = [p for p in people["journalists"] if len(p["outlets"]) > 1]
    assert multi and any(p["resident"] for p in people["journalists"])


def _parse_time(s: str) -> datetime:
    dt = datetime.fromisoformat(s)
    return dt if dt.tzinfo else dt.replace(tzinfo=TZ)  # schema: no offset = Asia/Ho_Chi_Minh


def test_export_follows_schema(tiny_world: Path) -> None:
    lines = read_jsonl(tiny_world / "social" / "export.jsonl")
    types = Counter(x["type"] for x in lines)
    assert set(types) == {"account", "post", "reaction"}
    accounts = {(x["platform"], x["handle"]): x for x in lines if x["type"] == "account"}
    posts = {(x["platform"], x["post_id"]): x for x in lines if x["type"] == "post"}
    assert len(posts) == types["post"]  # ids unique
    missing_time = 0
    for x in lines:
        assert x["platform"] == x["platform"].lower()
        if x["type"] == "account":
            assert isinstance(x["followers"], int) and x["followers"] >= 0
            assert x["kind"] in ("person", "page", "group", "outlet", "official", "channel")
        elif x["type"] == "post":
            assert (x["platform"], x["account"]) in accounts
            if "created_at" not in x:
                missing_time += 1
            else:
                _parse_time(x["created_at"])
            assert x.get("kind", "post") in ("post", "share", "quote", "reply")
            if "parent_id" in x:
                parent = posts[(x["platform"], x["parent_id"])]
                if "created_at" in parent and "created_at" in x and x["created_at"][-6:] == parent["created_at"][-6:]:
                    assert parent["created_at"] <= x["created_at"]
            for k in ("likes", "shares", "comments", "views"):
                assert x.get(k, 0) >= 0
        else:
            assert (x["platform"], x["post_id"]) in posts
            assert x["reaction"] in ("like", "love", "haha", "wow", "sad", "angry")
    stories = json.loads((tiny_world / "truth" / "stories.json").read_text(encoding="utf-8"))
    planned_missing = sum(1 for s in stories for i in s["items"] if i["time_in_export"] == "missing")
    assert missing_time == planned_missing
    followers = [a["followers"] for a in accounts.values()]
    assert min(followers) < 2000 < max(followers)


def test_story_truth_matches_export(tiny_world: Path) -> None:
    lines = read_jsonl(tiny_world / "social" / "export.jsonl")
    posts = {f'{x["platform"]}:{x["post_id"]}': x for x in lines if x["type"] == "post"}
    stories = {s["id"]: s for s in json.loads((tiny_world / "truth" / "stories.json").read_text(encoding="utf-8"))}
    fs = stories["story:false"]
    origin = posts[fs["origin_post"]]
    assert f'{origin["platform"]}:{origin["account"]}' == fs["origin_account"]
    mechs = Counter(i["mechanism"] for i in fs["items"])
    assert mechs["origin"] == 1 and mechs["share"] and mechs["copy"] and mechs["quote"]
    assert any(not i["parent_in_export"] for i in fs["items"] if i["mechanism"] == "share")
    for item in fs["items"]:
        p = posts[item["post"]]
        if item["mechanism"] == "origin":
            continue
        assert item["true_parent"] in posts
        parent = posts[item["true_parent"]]
        if item["parent_in_export"]:
            assert p["parent_id"] == parent["post_id"]
        else:
            assert "parent_id" not in p
        if item["mechanism"] == "copy":
            assert origin["text"][:40] in p["text"] or parent["text"][:40] in p["text"]
        if item["time_in_export"] == "full" and "created_at" in parent and parent["created_at"].endswith("+07:00"):
            assert parent["created_at"] <= p["created_at"]
    ref = posts[fs["refutation_post"]]
    assert ref["account"] == "congantinhphutho" and ref["created_at"] > origin["created_at"]
    assert fs["refutation_article"] and fs["refutation_article"] in ref["text"]


def test_coordination_and_crisis_truth(tiny_world: Path) -> None:
    lines = read_jsonl(tiny_world / "social" / "export.jsonl")
    posts = [x for x in lines if x["type"] == "post"]
    coord = json.loads((tiny_world / "truth" / "coordination.json").read_text(encoding="utf-8"))
    group = coord["groups"][0]
    members = {a.split(":", 1)[1] for a in group["accounts"]}
    assert len(members) >= 10
    for link in group["links"]:
        times = [_parse_time(p["created_at"]) for p in posts if p["account"] in members
                 and any(u.split("?")[0] == link for u in p.get("links", []))]
        assert len(times) >= len(members)
        assert (max(times) - min(times)).total_seconds() <= coord["max_spread_minutes"] * 60
    crisis = json.loads((tiny_world / "truth" / "crisis.json").read_text(encoding="utf-8"))
    start, end = _parse_time(crisis["start"]), _parse_time(crisis["end"])
    inside = [p for p in posts if "created_at" in p and start <= _parse_time(p["created_at"]) <= end]
    hours = (end - start).total_seconds() / 3600
    rate_inside = len(inside) / hours
    rate_outside = (len(posts) - len(inside)) / (3 * 24 - hours)
    assert rate_inside > 2 * rate_outside
    assert sum("sông lô" in p["text"].lower() for p in inside) >= crisis["posts"] // 2


def test_accounts_truth(tiny_world: Path) -> None:
    acc = read_jsonl(tiny_world / "truth" / "accounts.jsonl")
    roles = Counter(r for a in acc for r in a["roles"])
    for r in ("super_spreader", "amplifier", "coordinated", "false_origin", "official", "outlet", "crisis", "regular"):
        assert roles[r] > 0, r
    assert {a["community"] for a in acc} == set(range(8))
    assert all(a["monitored"] == (a["followers"] >= 2000) for a in acc)
    ids = {a["id"] for a in acc}
    assert all(a["amplifies"] in ids for a in acc if a["amplifies"])


def test_identical_across_processes_and_hash_seeds(tmp_path: Path, gazetteer_dir: Path) -> None:
    import os
    import subprocess
    import sys

    code = ("import sys; from etl.sandbox import generate; "
            "generate(sys.argv[1], seed=4, size='tiny', gazetteer_dir=sys.argv[2])")
    for hs in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hs)
        subprocess.run([sys.executable, "-c", code, str(tmp_path / hs), str(gazetteer_dir)], env=env, check=True,
                       timeout=120, cwd=Path(__file__).resolve().parents[3])
    assert tree_hash(tmp_path / "1") == tree_hash(tmp_path / "2")
