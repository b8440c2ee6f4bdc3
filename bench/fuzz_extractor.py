"""A bounded fuzzing run of the HTML article extractor (``etl.extraction.article.extract_article``).

The extractor's contract: any bytes from the network give an ``ArticleRecord`` (maybe empty, with warnings)
and never an exception. This run feeds it mutated pages and reports any exception as a finding.

Engines:

* ``atheris`` (default when installed): coverage-guided libFuzzer over our Python extraction modules,
  seeded with the test fixtures' real-looking pages; bounded by ``--runs`` and ``--seconds``.
* ``hypothesis``: random HTML built from article-page pieces (tags, entities, dates, scripts, broken
  nesting, odd encodings), for machines without atheris.

    .venv/bin/python bench/fuzz_extractor.py --runs 3000 --seconds 120
    .venv/bin/python bench/fuzz_extractor.py --engine hypothesis --runs 500

Prints: executions, seconds, executions per second, findings (with the input saved under ``--out``).
Exit status 1 when something raised.
"""

from __future__ import annotations

import argparse
import atexit
import hashlib
import shutil
import sys
import tempfile
import time
import traceback
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = [REPO / "tests" / "unit" / "etl" / "fixtures", REPO / "tests" / "fixtures" / "real_pages"]
CAPTURED = datetime.fromisoformat("2025-07-03T12:00:00+07:00")


class Stats:
    def __init__(self, out: Path) -> None:
        self.execs = 0
        self.findings: dict[str, str] = {}
        self.t0 = time.monotonic()
        self.out = out

    def record(self, data: bytes, exc: BaseException) -> None:
        sig = f"{type(exc).__name__}: {str(exc)[:120]}"
        if sig in self.findings:
            return
        self.out.mkdir(parents=True, exist_ok=True)
        name = hashlib.sha256(data).hexdigest()[:16]
        (self.out / f"crash-{name}.html").write_bytes(data)
        (self.out / f"crash-{name}.txt").write_text(traceback.format_exc())
        self.findings[sig] = name
        print(f"FINDING {sig}  (input: {self.out}/crash-{name}.html)", file=sys.stderr, flush=True)

    def report(self, engine: str) -> None:
        dt = time.monotonic() - self.t0
        print(f"engine: {engine}")
        print(f"executions: {self.execs}")
        print(f"seconds: {dt:.1f}")
        print(f"executions per second: {self.execs / dt if dt else 0:.1f}")
        print(f"distinct findings: {len(self.findings)}")
        for sig, name in self.findings.items():
            print(f"  {sig}  (input: {self.out}/crash-{name}.html)")


def _target(extract, stats: Stats):
    def one(data: bytes) -> None:
        stats.execs += 1
        try:
            # the fallback (trafilatura) runs too: it is part of what a crawl executes on every page
            extract(data, "https://baophutho.vn/fuzz.htm", captured_at=CAPTURED, content_type="text/html")
        except Exception as e:  # noqa: BLE001 - every exception is a finding
            stats.record(data, e)
    return one


def _seeds() -> list[bytes]:
    out = []
    for d in SEEDS:
        if d.is_dir():
            out += [p.read_bytes() for p in sorted(d.glob("*.htm*"))]
    return out or [b"<html><head><title>t</title></head><body><p>x</p></body></html>"]


def run_atheris(runs: int, seconds: int, max_len: int, stats: Stats) -> None:
    import atheris

    with atheris.instrument_imports(include=["etl.extraction"]):
        from etl.extraction.article import extract_article
    corpus = Path(tempfile.mkdtemp(prefix="fuzz-corpus-"))
    for i, s in enumerate(_seeds()):
        (corpus / f"seed-{i}").write_bytes(s)
    target = _target(extract_article, stats)

    def done() -> None:
        stats.report("atheris (libFuzzer, coverage-guided)")
        shutil.rmtree(corpus, ignore_errors=True)

    atexit.register(done)
    args = [sys.argv[0], f"-runs={runs}", f"-max_total_time={seconds}", f"-max_len={max_len}",
            "-print_final_stats=1", f"-artifact_prefix={stats.out}/", "-rss_limit_mb=4096", str(corpus)]
    atheris.Setup(args, target)
    atheris.Fuzz()


def run_hypothesis(runs: int, stats: Stats) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from etl.extraction.article import extract_article

    pieces = st.sampled_from([
        "<html>", "</html>", "<head>", "<body>", "<meta charset='windows-1258'>", "<meta charset='utf-8'>",
        "<title>", "</title>", "<h1>", "</h1>", "<p>", "</p>", "<div class='content'>", "</div>", "<article>",
        "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"datePublished\":\"",
        "\"}</script>", "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>", "&nbsp;", "&#0;", "&#xD800;",
        "&amp;", "Phú Thọ", "Hoà Bình", "\u0301", "\x00", "\ufeff", "03/07/2025 08:15", "2025-07-01T25:00",
        "3 giờ trước", "<meta property='article:published_time' content='", "'>", "<span class='author'>",
        "Theo VnExpress", "<a href='", "javascript:alert(1)", "http://[::1", "'>x</a>", "<br/>", "\r\n",
        "<table><tr><td>", "<img src=x onerror=1>", "<svg><foreignObject>", "<p " * 3, "x" * 500,
    ])
    doc = st.lists(st.one_of(pieces, st.text(max_size=30)), max_size=120).map("".join)
    raw = st.one_of(doc.map(lambda s: s.encode("utf-8", "surrogatepass")), doc.map(
        lambda s: s.encode("utf-16", "surrogatepass")), st.binary(max_size=3000))
    target = _target(extract_article, stats)

    @settings(max_examples=runs, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(raw)
    def fuzz(data: bytes) -> None:
        target(data)

    fuzz()
    stats.report("hypothesis (random article HTML)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", choices=["atheris", "hypothesis"], default=None)
    ap.add_argument("--runs", type=int, default=3000)
    ap.add_argument("--seconds", type=int, default=120)
    ap.add_argument("--max-len", type=int, default=64 * 1024)
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "lantoa-fuzz-findings")
    a = ap.parse_args()
    engine = a.engine
    if engine is None:
        try:
            import atheris  # noqa: F401
            engine = "atheris"
        except ImportError:
            engine = "hypothesis"
    a.out.mkdir(parents=True, exist_ok=True)
    stats = Stats(a.out)
    sys.path.insert(0, str(REPO))
    if engine == "atheris":
        atexit.register(lambda: sys.stdout.flush())
        run_atheris(a.runs, a.seconds, a.max_len, stats)  # exits the process when done
        return 0
    run_hypothesis(a.runs, stats)
    return 1 if stats.findings else 0


if __name__ == "__main__":
    sys.exit(main())
