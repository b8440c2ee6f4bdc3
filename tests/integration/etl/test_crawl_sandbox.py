"""Full crawl + incremental re-crawl of the sandbox into the real Neo4j: completeness, no duplicates,
evidence for every page, COPIES and LINKS_TO, the 10 MB and JavaScript-only pages, and an evidence bundle that
verifies (and fails once tampered or back-dated)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from etl.crawl import CrawlSpec, run_crawl_subprocess
from etl.urls import canonicalize
from graph.repository import GraphReader


def _crawl(world: Path, proxy: str, env: dict, tmp: Path, tag: str) -> dict:
    spec = CrawlSpec(world_dir=str(world), proxy=proxy, jobdir=str(tmp / "job"), log_file=str(tmp / f"{tag}.log"))
    proc = run_crawl_subprocess(spec, env=env, stats_file=tmp / f"{tag}.json", timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads((tmp / f"{tag}.json").read_text())


def test_full_then_incremental_crawl(tiny_world, fetchable, truth, crawl_env, neo4j_driver, tmp_path):
    from etl.sandbox.server import serve_in_thread

    with serve_in_thread(tiny_world) as sandbox:
        first = _crawl(tiny_world, sandbox.proxy, crawl_env, tmp_path, "full")
        reader = GraphReader(neo4j_driver)
        stats1 = reader.read("read/etl_article_stats")[0]
        second = _crawl(tiny_world, sandbox.proxy, crawl_env, tmp_path, "again")
        stats2 = reader.read("read/etl_article_stats")[0]

    ids = {r["id"] for r in reader.read("read/etl_article_ids")}
    province = [u for u, t in fetchable.items() if t["concerns_province"]]
    found = sum(u in ids for u in province)
    assert found / len(province) >= 0.99, f"{found}/{len(province)} province items"
    assert ids <= set(fetchable), f"stored pages that are not fetchable articles: {sorted(ids - set(fetchable))[:5]}"
    # zero duplicates: one node per canonical URL, no tracking parameters in ids
    assert stats1["articles"] == stats1["distinct_urls"] == len(ids)
    assert not [i for i in ids if "utm_" in i or "fbclid" in i]
    # evidence for every page; copies recorded across outlets
    assert stats1["captures"] >= stats1["articles"]
    planted_copies = sum(1 for t in truth if t.get("copy_of"))
    if planted_copies:
        assert stats1["copies"] > 0
    assert stats1["journalists"] > 0 and stats1["outlets"] >= 10 and stats1["feeds"] > 0
    # the incremental re-crawl fetches feeds (mostly 304) and stores nothing twice
    assert stats2["articles"] == stats1["articles"]
    assert second.get("item_scraped_count", 0) == 0
    assert second.get("downloader/response_status_count/304", 0) > 0
    assert first.get("item_scraped_count", 0) >= len(ids)

    # related links (the "Tin liên quan" box, removed from the text) become LINKS_TO edges
    planted_links = sum(len(t.get("links") or []) for t in truth if canonicalize(t["url"]) in ids)
    if planted_links:
        assert stats1["links"] > 0, "no LINKS_TO edge written"
    # the 10 MB page (comment padding) is stored as its article, the JavaScript-only page not with its placeholder
    by_quirk = {t["quirk"]: canonicalize(t["url"]) for t in truth if t.get("quirk") not in (None, "none")}
    texts = {r["id"]: r["text"] for r in neo4j_driver.execute_query(
        "MATCH (a:Article) WHERE a.id IN $ids RETURN a.id AS id, a.text AS text",
        ids=[u for u in by_quirk.values() if u]).records}
    if "huge" in by_quirk:
        assert by_quirk["huge"] in texts, "the huge page was not stored"
        assert "lorem-ipsum-padding" not in texts[by_quirk["huge"]] and len(texts[by_quirk["huge"]]) < 100_000
    if "js_body" in by_quirk and by_quirk["js_body"] in texts:
        assert "Đang tải" not in (texts[by_quirk["js_body"]] or "")

    # photographers ("Ảnh: …") are stored apart from the authors
    served = [json.loads(line) for line in (tiny_world / "articles" / "articles.jsonl").open(encoding="utf-8")]
    credited = {canonicalize(t["url"]): t["photographer"] for t in served
                if t.get("photographer") and canonicalize(t["url"]) in ids}
    rows = neo4j_driver.execute_query(
        "MATCH (a:Article) WHERE a.id IN $ids OPTIONAL MATCH (j:Journalist)-[:WROTE]->(a) "
        "RETURN a.id AS id, a.photographers AS ph, collect(j.name) AS authors", ids=list(credited)).records
    assert credited, "the tiny world credits photographers"
    if credited:
        assert rows and all(credited[r["id"]] in (r["ph"] or []) for r in rows), rows[:3]
        assert not any(credited[r["id"]] in r["authors"] for r in rows)

    # malformed/edge pages were handled with a logged reason, the crawl went on
    db = sqlite3.connect(Path(crawl_env["LANTOA_ETL_STATE_DIR"]) / "state.sqlite")
    reasons = [r[0] for r in db.execute("SELECT reason FROM failures")]
    assert any("404" in r for r in reasons)

    # an evidence bundle of a copied article verifies; a tampered one does not
    from etl.config import EtlSettings
    from etl.evidence import verify_bundle
    from etl.evidence_bundle import export_article
    from etl.state import open_state

    state = open_state(Path(crawl_env["LANTOA_ETL_STATE_DIR"]))
    cfg = EtlSettings(state_dir=Path(crawl_env["LANTOA_ETL_STATE_DIR"]),
                      evidence_dir=Path(crawl_env["LANTOA_ETL_EVIDENCE_DIR"]))
    copied = db.execute("SELECT src FROM copies LIMIT 1").fetchone()
    target = copied[0] if copied else sorted(ids)[0]
    bundle = export_article(target, out=tmp_path / "b.zip", state=state, cfg=cfg)
    rep = verify_bundle(bundle)
    assert rep.ok, rep.problems
    with zipfile.ZipFile(bundle) as zf:
        record = json.loads(zf.read("record.json"))
        pages = [n for n in zf.namelist() if n.endswith(".html")]
    assert record["article"]["id"] == target
    if copied:
        assert record["copies"] and len(pages) >= 2
    tampered = tmp_path / "t.zip"
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(tampered, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == pages[0]:
                data = data.replace(b"</html>", "<!-- sửa --></html>".encode())
            dst.writestr(name, data)
    bad = verify_bundle(tampered)
    assert not bad.ok and any(pages[0] in p for p in bad.problems)
    # back-dated capture time with every hash recomputed: refused against this deployment's store and key
    from etl.evidence import SIGNATURE_FILE, EvidenceStore, sha256_hex
    from etl.evidence_bundle import verify_against_store

    assert verify_against_store(bundle, state=state, cfg=cfg).ok
    with zipfile.ZipFile(bundle) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    for name in [n for n in files if n.endswith(".capture.json")]:
        cap = json.loads(files[name])
        cap["captured_at"] = "2025-06-01T00:00:00+00:00"
        files[name] = json.dumps(cap).encode()
    files.pop(SIGNATURE_FILE)
    manifest = json.loads(files["manifest.json"])
    manifest["files"] = {n: sha256_hex(d) for n, d in sorted(files.items())
                         if n not in ("manifest.json", "manifest.sha256")}
    files["manifest.json"] = json.dumps(manifest).encode()
    files["manifest.sha256"] = (sha256_hex(files["manifest.json"]) + "  manifest.json\n").encode()
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as zf:
        for n, d in files.items():
            zf.writestr(n, d)
    assert verify_bundle(forged).ok  # the hashes alone agree: the signature and the store are what refuse it
    refused = verify_bundle(forged, store=EvidenceStore(cfg.evidence_path))
    assert not refused.ok and any("captured_at" in p for p in refused.problems), refused.problems
