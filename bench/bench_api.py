"""API under load on 127.0.0.1: requests/s and p50/p99 for rankings and story endpoints, and how long a
5,000-node map takes to open in headless Chromium.

It runs its own Neo4j (home var/neo4j-bench, bolt 7697) so nobody else's database is touched, seeds a
synthetic graph through the project's load statements (tests/integration/api/graph_seed.py), starts
uvicorn (one worker) and drives it with keep-alive HTTP clients in threads.

    .venv/bin/python bench/bench_api.py --accounts 5000 --posts-per-account 20 --requests 2000
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "integration" / "api"))


def start_neo4j(home: Path, bolt: int, http: int):
    from graph.server_manager import LocalNeo4j
    from graph.settings import LocalServerSettings

    s = LocalServerSettings(home=home, bolt_port=bolt, http_port=http, heap="2g", pagecache="1g",
                            tx_memory_max="2g")
    server = LocalNeo4j(s)
    server.start()
    pw = s.password_file.read_text(encoding="utf-8").strip()
    return server, s.bolt_uri, pw


def load_loop(url: str, path: str, headers: dict[str, str], n: int, concurrency: int) -> dict[str, float]:
    lat: list[float] = []
    lock = threading.Lock()
    errors = 0
    per = n // concurrency

    def worker() -> None:
        nonlocal errors
        mine = []
        with httpx.Client(base_url=url, headers=headers, timeout=60) as c:
            c.get(path)  # warm (and fill the response cache)
            for _ in range(per):
                t = time.perf_counter()
                r = c.get(path)
                mine.append(time.perf_counter() - t)
                if r.status_code != 200:
                    with lock:
                        errors += 1
        with lock:
            lat.extend(mine)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as ex:
        for f in [ex.submit(worker) for _ in range(concurrency)]:
            f.result()
    wall = time.perf_counter() - t0
    lat.sort()
    return {"requests": len(lat), "errors": errors, "rps": len(lat) / wall,
            "p50_ms": statistics.median(lat) * 1000, "p99_ms": lat[int(len(lat) * 0.99) - 1] * 1000}


def map_in_chromium(url: str, username: str, password: str, limit: int) -> dict[str, float]:
    from browser import chromium
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    t = time.perf_counter()
    r = httpx.post(f"{url}/auth/token", data={"username": username, "password": password})
    token = r.json()["access_token"]
    html = httpx.get(f"{url}/maps/network", params={"limit": limit}, headers={"Authorization": f"Bearer {token}"},
                     timeout=120)
    server_first = time.perf_counter() - t
    with chromium() as drv:
        drv.get(f"{url}/trang/dang-nhap")
        drv.find_element(By.ID, "username").send_keys(username)
        drv.find_element(By.ID, "password").send_keys(password)
        drv.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
        WebDriverWait(drv, 30).until(lambda d: d.find_elements(By.ID, "crisis-level"))
        t = time.perf_counter()
        drv.get(f"{url}/maps/network?limit={limit}")
        WebDriverWait(drv, 60).until(
            lambda d: d.execute_script("return document.body.getAttribute('data-drawn')") == "1")
        wall = time.perf_counter() - t
        nodes = drv.execute_script("return window.lantoaNetwork.body.data.nodes.length")
        nav = drv.execute_script("var t = performance.timing; return t.domContentLoadedEventEnd - t.navigationStart;")
        drawn_ms = drv.execute_script("return window.lantoaMapDrawnMs")
        shots = REPO / "var" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        drv.save_screenshot(str(shots / f"bench-map-{limit}.png"))
    return {"nodes": nodes, "html_mb": len(html.content) / 1e6, "server_build_s": server_first,
            "open_to_drawn_s": wall, "dom_content_loaded_ms": nav, "draw_after_script_ms": drawn_ms}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=5000)
    ap.add_argument("--posts-per-account", type=int, default=20)
    ap.add_argument("--stories", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--map-nodes", type=int, default=5000)
    ap.add_argument("--keep-neo4j", action="store_true")
    ap.add_argument("--bolt-port", type=int, default=7697)
    ap.add_argument("--http-port", type=int, default=7497)
    ap.add_argument("--reuse", action="store_true", help="do not wipe and re-seed the bench database")
    ap.add_argument("--map-only", action="store_true", help="skip the load loops")
    args = ap.parse_args()

    import neo4j
    from graph_seed import PASSWORD, add_users, seed

    from graph.repository import GraphReader, apply_schema

    home = REPO / "var" / "neo4j-bench"
    if not args.reuse and home.exists():
        # a fresh database instead of a wipe: deleting dense nodes of a large graph exceeds the transaction pool
        from graph.server_manager import LocalNeo4j
        from graph.settings import LocalServerSettings

        LocalNeo4j(LocalServerSettings(home=home, bolt_port=args.bolt_port, http_port=args.http_port)).stop()
        shutil.rmtree(home)
    t = time.perf_counter()
    server, uri, pw = start_neo4j(home, args.bolt_port, args.http_port)
    print(f"neo4j (bench) up in {time.perf_counter() - t:.1f} s at {uri}")
    data_dir = REPO / "var" / "bench-api"
    data_dir.mkdir(parents=True, exist_ok=True)
    driver = neo4j.GraphDatabase.driver(uri, auth=("neo4j", pw))
    proc = None
    try:
        os.environ["LANTOA_AUTH_ARGON2_TIME_COST"] = "1"
        os.environ["LANTOA_AUTH_ARGON2_MEMORY_KIB"] = "8192"
        if not args.reuse:
            apply_schema(driver)
            t = time.perf_counter()
            seeded = seed(driver, evidence_dir=data_dir / "evidence", n_accounts=args.accounts,
                          posts_per_account=args.posts_per_account, n_stories=args.stories, batch_size=5000)
            print(f"seeded {seeded.counts['posts']:,} posts, {seeded.counts['accounts']:,} accounts, "
                  f"{args.stories} stories in {time.perf_counter() - t:.1f} s")
            add_users(driver)
        size = GraphReader(driver).read("read/graph_size")[0]
        print(f"graph: {size['posts']:,} posts, {size['amplifies']:,} AMPLIFIES edges")

        port = 8799
        env = {**os.environ, "NEO4J_URI": uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": pw,
               "LANTOA_DATA_DIR": str(data_dir), "LANTOA_AUTH_SECRET_FILE": str(data_dir / "api-secret"),
               "LANTOA_AUTH_RATE_PER_S": "1000000", "LANTOA_AUTH_RATE_BURST": "1000000"}
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.app:app", "--host", "127.0.0.1", "--port",
                                 str(port), "--log-level", "warning", "--no-access-log"], cwd=REPO, env=env)
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):  # /openapi.json needs no database (/health counts every label: slow on a big graph)
            try:
                if httpx.get(f"{url}/openapi.json", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        from api.auth import UserStore

        key = UserStore(driver).add_api_key("analyst", "bench", ["analyst"])[1]
        tok = httpx.post(f"{url}/auth/token", data={"username": "investigator", "password": PASSWORD},
                         timeout=120).json()
        analyst = {"X-API-Key": key}
        investigator = {"Authorization": f"Bearer {tok['access_token']}"}
        story = httpx.get(f"{url}/stories", params={"sort": "size", "limit": 1}, headers=analyst,
                          timeout=120).json()["items"][0]
        sid = story["id"]
        print(f"story for the story endpoints: {sid} ({story['size']} items)")
        cases = [
            ("rankings top 100 (analyst key, cached bytes)", "/rankings/influence?limit=100", analyst),
            ("rankings 24h window top 50", "/rankings/influence?window=24h&limit=50", analyst),
            ("rankings top 100 (investigator, unmasked + audit write)", "/rankings/influence?limit=100", investigator),
            ("stories by speed (cached)", "/stories?sort=speed&limit=50", analyst),
            ("story detail", f"/stories/{sid}", analyst),
            ("story amplifiers top 50", f"/stories/{sid}/amplifiers?limit=50", analyst),
            ("story cascade (1000 items)", f"/stories/{sid}/cascade?limit=1000", analyst),
        ]
        print(f"\nload: {args.requests} requests per case, {args.concurrency} client threads, 1 uvicorn worker, "
              "client and server share the machine's 2 cores")
        for name, path, headers in [] if args.map_only else cases:
            n = args.requests if "cascade" not in path and "investigator" not in name else max(200, args.requests // 10)
            res = load_loop(url, path, headers, n, args.concurrency)
            print(f"  {name:58s} {res['rps']:8.0f} req/s  p50 {res['p50_ms']:7.1f} ms  p99 {res['p99_ms']:7.1f} ms"
                  f"  ({res['requests']} req, {res['errors']} errors)")
        m = map_in_chromium(url, "investigator", PASSWORD, args.map_nodes)
        print(f"\nmap: {m['nodes']} nodes, {m['html_mb']:.1f} MB HTML; server build (first, uncached) "
              f"{m['server_build_s']:.2f} s; headless Chromium navigation → drawn {m['open_to_drawn_s']:.2f} s "
              f"(DOMContentLoaded {m['dom_content_loaded_ms']} ms, draw after script start "
              f"{m['draw_after_script_ms']:.0f} ms)")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        driver.close()
        if not args.keep_neo4j:
            server.stop()


if __name__ == "__main__":
    main()
