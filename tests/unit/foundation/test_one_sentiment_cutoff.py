"""The sentiment cut-off is typed once, in common/sentiment.py: no other Python or Cypher file compares a value
with ±0.2 (or takes it as a default) next to a word about sentiment, so a second cut-off cannot creep back."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
HOME = Path("common/sentiment.py")
SELF = Path(__file__).resolve().relative_to(REPO)  # this file's own examples
SKIP_DIRS = {".venv", "var", "node_modules", ".git", "build", "dist", "__pycache__", ".ruff_cache", ".mypy_cache"}
WORDS = re.compile(r"sentiment|negativ|positiv|tiêu cực|tích cực|cảm xúc", re.IGNORECASE)
CUTOFF = r"[-−]?\s*0?\.20*(?![0-9])"
USES = [
    re.compile(r"[<>]=?\s*" + CUTOFF),  # x < -0.2, x >= 0.2
    re.compile(r"(?<![0-9.])" + CUTOFF + r"\s*[<>]"),  # -0.2 > x
    re.compile(r"(?<![=<>!])=\s*" + CUTOFF),  # a default: negative_below: float = -0.2
    re.compile(r"\[\s*" + CUTOFF + r"\s*\]"),  # a report header default: [-0.2]
]


def offending_lines(text: str) -> list[str]:
    """Lines that type the cut-off next to a word about sentiment.

    >>> offending_lines("WHEN s.sentiment < -0.2 THEN 'negative'\\nneg = score < 0\\ntime.sleep(0.2)")
    ["WHEN s.sentiment < -0.2 THEN 'negative'"]
    >>> offending_lines("positive_sentiment: float = 0.2\\n// param negative_below: float [-0.2] — tiêu cực")
    ['positive_sentiment: float = 0.2', '// param negative_below: float [-0.2] — tiêu cực']
    >>> offending_lines('"sentiment_score": -0.5 if k == 0 else 0.2,  # data, not a comparison')
    []
    """
    return [ln.strip() for ln in text.splitlines() if WORDS.search(ln) and any(u.search(ln) for u in USES)]


def _files():
    for path in REPO.rglob("*"):
        rel = path.relative_to(REPO)
        if path.suffix in (".py", ".cypher") and not SKIP_DIRS & set(rel.parts) and rel not in (HOME, SELF) and path.is_file():
            yield rel, path


def test_the_scan_sees_the_code():
    seen = {str(rel) for rel, _ in _files()}
    assert {"etl/nlp_stage.py", "cypher/read/stories_page.cypher", "casework/handling.py"} <= seen
    assert offending_lines((REPO / HOME).read_text(encoding="utf-8"))  # it would find the one real cut-off


def test_no_cutoff_outside_common_sentiment():
    found = {str(rel): bad for rel, path in _files()
             if (bad := offending_lines(path.read_text(encoding="utf-8", errors="replace")))}
    assert not found, f"the sentiment cut-off is typed outside {HOME} (use common.sentiment): {found}"


def test_examples():
    import doctest
    import sys

    import common.sentiment

    for mod in (sys.modules[__name__], common.sentiment):
        res = doctest.testmod(mod)
        assert res.attempted > 0 and res.failed == 0, mod
