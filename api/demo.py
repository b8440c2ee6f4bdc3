"""`make demo`: the whole pipeline on the embedded default, from a fresh machine, twice-safe.

    python -m api.demo          # run every stage, leave Neo4j and the API running, print where to look
    python -m api.demo --stop   # stop the API and the local Neo4j the demo started
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from rich.console import Console

from api.settings import get_api_settings
from graph.logging_setup import configure_logging
from graph.settings import get_neo4j_settings, get_path_settings

console = Console()


def _pid_file() -> Path:
    return get_path_settings().data_dir / "run" / "api.pid"


def step(title: str):
    console.rule(f"[bold]{title}")


def start_neo4j() -> None:
    from graph.server_manager import LocalNeo4j

    if get_neo4j_settings().external:
        console.print(f"Dùng Neo4j ngoài: {get_neo4j_settings().uri}")
        return
    console.print(LocalNeo4j().start().describe())


def init_schema() -> None:
    from graph.driver import driver_session
    from graph.repository import apply_schema

    with driver_session() as driver:
        console.print(f"{len(apply_schema(driver))} ràng buộc/chỉ mục")


def demo_dir() -> Path:
    return get_path_settings().data_dir / "demo"


def generate_world(size: str, seed: int) -> Path:
    from etl.sandbox import generate

    world = demo_dir() / f"world-{size}-{seed}"
    if (world / "manifest.json").exists():
        console.print(f"Thế giới sandbox có sẵn: {world}")
        return world
    t = time.perf_counter()
    manifest = generate(world, seed=seed, size=size)
    console.print(f"Đã sinh thế giới sandbox ({size}, seed {seed}) trong {time.perf_counter() - t:.1f} s: "
                  f"{json.dumps(manifest.counts, ensure_ascii=False) if hasattr(manifest, 'counts') else world}")
    return world


def crawl_world(world: Path) -> dict:
    """Serve the world on 127.0.0.1 and crawl every outlet into the graph (a child process; api/chain.py)."""
    from api import chain

    try:
        stats = chain.crawl_world(world, workdir=demo_dir())
    except chain.CrawlFailed as e:
        raise SystemExit(str(e)) from e
    console.print(f"Trang đã tải: {stats.get('downloader/response_count', '?')}, "
                  f"bài đã trích xuất: {stats.get('item_scraped_count', '?')}, "
                  f"bị loại (kèm lý do trong {demo_dir() / 'crawl.log'}): {stats.get('item_dropped_count', 0)}")
    return stats


def import_world_social(world: Path) -> None:
    from api import chain
    from graph.driver import driver_session

    with driver_session() as driver:
        report = chain.import_world_social(driver, world)
    console.print(f"Mạng xã hội: {report.accounts:,} tài khoản, {report.posts:,} bài đăng, "
                  f"{report.reactions:,} lượt tương tác, {report.errors} dòng lỗi")


def annotate() -> None:
    from api import chain
    from graph.driver import driver_session

    with driver_session() as driver, console.status("Đang xử lý ngôn ngữ…"):
        r = chain.annotate(driver)
    console.print(f"NLP {r.version}: {r.articles:,} bài báo, {r.posts:,} bài đăng, {r.errors} lỗi")


def analyse(world: Path) -> None:
    from api import chain
    from graph.driver import driver_session

    with driver_session() as driver, console.status("Đang phân tích đồ thị…"):
        s = chain.analyse(driver, world)
    console.print(f"Phân tích {s.batch}: {s.n_events:,} sự kiện, {s.n_stories:,} câu chuyện, "
                  f"{s.n_accounts:,} tài khoản xếp hạng, {s.n_communities} cộng đồng "
                  f"(modularity {s.modularity or 0:.3f}), {s.n_groups} nhóm phối hợp; {s.seconds:.1f} s")


def _world_end(world: Path):
    from datetime import datetime

    manifest = json.loads((world / "manifest.json").read_text(encoding="utf-8"))
    return datetime.fromisoformat(manifest["end"])


def warn(world: Path) -> None:
    from api import chain
    from graph.driver import driver_session

    with driver_session() as driver, console.status("Đang đánh giá cảnh báo sớm…"):
        out = chain.warn(driver, world, now=_world_end(world))
    console.print(f"Cảnh báo sớm: {out.alerts} cảnh báo, {out.stories_assessed} câu chuyện được đánh giá, "
                  f"mức khủng hoảng chung {out.level}; khuyến nghị {out.recommendations}")
    for reason in out.reasons[:5]:
        console.print(f"  · {reason}")


def reports(world: Path) -> list[Path]:
    from casework.schedule import write_reports
    from graph.driver import driver_session

    names = ["daily_digest", "weekly_summary", "negative_stories_by_place", "alerts_recent"]
    with driver_session() as driver:
        paths = write_reports(driver, names, folder=demo_dir() / "reports", today=_world_end(world).date(),
                              formats=("html", "csv"))
    for p in paths:
        console.print(f"  {p}")
    return paths


def demo_user() -> tuple[str, Path]:
    """An admin account for the demo's pages; its generated password is kept in a 0600 file."""
    import secrets

    from api.auth import UserStore
    from graph.driver import driver_session

    username = "quantri"
    pw_file = demo_dir() / "quantri.password"
    with driver_session() as driver:
        store = UserStore(driver)
        if pw_file.exists() and store.authenticate(username, pw_file.read_text(encoding="utf-8").strip()):
            return username, pw_file
        password = secrets.token_urlsafe(18)
        store.add_user(username, password, ["admin"], name="Quản trị (demo)")
    pw_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(pw_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(password + "\n")
    return username, pw_file


def _api_alive(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def _port_free(host: str, port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def start_api() -> str:
    s = get_api_settings()
    base = f"http://{s.host}:{s.port}"
    stop_api()
    for _ in range(60):  # the previous demo's API may take a moment to release the port
        if _port_free(s.host, s.port):
            break
        time.sleep(0.5)
    else:
        raise SystemExit(f"port {s.port} on {s.host} is taken by another program; set LANTOA_API_PORT")
    pid_file = _pid_file()
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    log_path = pid_file.parent / "api.log"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.app:app", "--host", s.host, "--port", str(s.port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
    pid_file.write_text(str(proc.pid))
    for _ in range(120):
        if proc.poll() is not None:
            raise SystemExit(f"the API exited ({proc.returncode}); see {log_path}")
        if _api_alive(base):
            return base
        time.sleep(0.5)
    raise SystemExit(f"the API did not answer in time; see {log_path}")


def stop_api() -> None:
    pid_file = _pid_file()
    try:
        pid = int(pid_file.read_text())
        os.killpg(pid, signal.SIGTERM)
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        pass
    pid_file.unlink(missing_ok=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--stop", action="store_true")
    ap.add_argument("--size", default="tiny", help="sandbox world size: tiny|small|medium|large")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    configure_logging("WARNING")
    if args.stop:
        from graph.server_manager import LocalNeo4j

        stop_api()
        LocalNeo4j().stop()
        console.print("Đã dừng API và Neo4j.")
        return

    step("1. Neo4j")
    start_neo4j()
    step("2. Lược đồ (ràng buộc, chỉ mục)")
    init_schema()
    step("3. Sandbox: thế giới báo chí và mạng xã hội mô phỏng")
    world = generate_world(args.size, args.seed)
    step("4. Thu thập báo chí (Scrapy qua 127.0.0.1)")
    crawl_world(world)
    step("5. Nhập dữ liệu mạng xã hội")
    import_world_social(world)
    step("6. Xử lý ngôn ngữ (thực thể, sắc thái, chủ đề, liên quan tỉnh)")
    annotate()
    step("7. Phân tích đồ thị (lan truyền, nguồn gốc, ảnh hưởng, cộng đồng, phối hợp)")
    analyse(world)
    step("8. Cảnh báo sớm và khuyến nghị xử lý")
    warn(world)
    step("9. Báo cáo (HTML, CSV)")
    reports(world)
    step("10. API và các trang")
    user, pw_file = demo_user()
    base = start_api()
    with urllib.request.urlopen(f"{base}/health", timeout=10) as resp:
        health = json.loads(resp.read())
    console.print_json(data=health)
    console.rule("[bold green]Xong")
    from urllib.parse import quote

    console.print(f"Bảng điều khiển: {base}/   ·   đăng nhập: {user} / mật khẩu trong {pw_file}")
    console.print(f"Ngày cuối của thế giới sandbox: {base}/?luc={quote(_world_end(world).isoformat())}")
    console.print(f"API: {base}/docs   ·   tình trạng: {base}/health   ·   phản ánh của người dân: {base}/trang/phan-anh")
    console.print(f"Báo cáo: {demo_dir() / 'reports'}")
    console.print("Dừng: make demo-stop")


if __name__ == "__main__":
    main()
