"""Multi-label topics for provincial monitoring: Vietnamese keyword rules (nlp/data/topics.yaml).

A keyword counts 3 in the title (first line / first 200 characters when there is no line break) and 1
elsewhere; each topic whose score reaches ``min_score`` is assigned. Returns topic ids, best first.

>>> topics("Xe khách lật trên quốc lộ, 3 người bị thương")
['accidents']
>>> topics("")
[]
>>> topics("Thuỷ điện Hoà Bình mở cửa xả đáy")
['disasters']

Hashtags count like words elsewhere, written as people write them — without tone marks or spaces
(``#onhiem`` is "ô nhiễm", ``#XaThai`` is "xả thải"):

>>> topics("Xót quá, ao cá nhà mình chết sạch sau một đêm 😢 #songLo #onhiem")
['environment']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import yaml

from common.errors import DataError
from nlp.normalize import nfc
from nlp.settings import get_settings

_TITLE_CHARS = 200
_FALLBACK_MIN = 1.0


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, Any]:
    """{min_score, topics: {id: {label, keywords, pattern}}}."""
    path = get_settings().data_dir / "topics.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise DataError(f"cannot read topic taxonomy {path}: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("topics"), dict):
        raise DataError(f"{path}: expected a mapping with 'topics'")
    out: dict[str, Any] = {"min_score": float(data.get("min_score", 2)), "topics": {}}
    for tid, spec in data["topics"].items():
        words = sorted({nfc(str(w)).lower() for w in spec.get("keywords", [])}, key=len, reverse=True)
        if not words:
            raise DataError(f"{path}: topic {tid} has no keywords")
        pat = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
        out["topics"][tid] = {"label": spec.get("label", tid), "keywords": words, "pattern": pat,
                              "tags": {fold_tag(w) for w in words}}
    return out


_HASHTAG = re.compile(r"#(\w+)")


def fold_tag(text: str) -> str:
    """A hashtag's comparable form: lower case, no tone or vowel marks, đ → d, no spaces or underscores.

    >>> fold_tag("ô nhiễm"), fold_tag("XảThải"), fold_tag("Đường_sắt")
    ('onhiem', 'xathai', 'duongsat')
    """
    low = unicodedata.normalize("NFD", nfc(text).lower().replace("đ", "d"))
    return "".join(c for c in low if c.isalnum() and not unicodedata.combining(c))


def hashtags(text: str) -> list[str]:
    """The folded hashtags of a text (see :func:`fold_tag`).

    >>> hashtags("Cá chết #songLo #ô_nhiễm #2025")
    ['songlo', 'onhiem', '2025']
    """
    return [fold_tag(m) for m in _HASHTAG.findall(nfc(text or ""))]


def topic_scores(text: str, title: str | None = None) -> dict[str, float]:
    """Keyword scores per topic (0 omitted)."""
    low = nfc(text or "").lower()
    if title is None:
        cut = low.find("\n")
        head_end = cut if 0 < cut <= 400 else min(len(low), _TITLE_CHARS)
        head, body = low[:head_end], low[head_end:]
    else:
        head, body = nfc(title).lower(), low
    scores: dict[str, float] = {}
    head_tags, body_tags = hashtags(head), hashtags(body)
    for tid, spec in taxonomy()["topics"].items():
        pat = spec["pattern"]
        s = 3.0 * len(pat.findall(head)) + 1.0 * len(pat.findall(body))
        s += 3.0 * sum(t in spec["tags"] for t in head_tags) + 1.0 * sum(t in spec["tags"] for t in body_tags)
        if s:
            scores[tid] = s
    return scores


def topics(text: str, title: str | None = None, min_score: float | None = None) -> list[str]:
    """Topic ids whose keyword score reaches ``min_score`` (taxonomy default), best first."""
    thr = taxonomy()["min_score"] if min_score is None else min_score
    sc = topic_scores(text, title)
    out = [t for t, s in sorted(sc.items(), key=lambda kv: -kv[1]) if s >= thr]
    if not out and sc and min_score is None:
        # one keyword outside the title is below the threshold; a topical text still gets its best topic
        # (DANeS macro-F1 0.478 -> 0.485 with this fallback, `python -m nlp.evaluate topics`)
        best = max(sc.items(), key=lambda kv: kv[1])
        if best[1] >= _FALLBACK_MIN and list(sc.values()).count(best[1]) == 1:
            out = [best[0]]
    return out


def labels() -> dict[str, str]:
    """Topic id -> Vietnamese label."""
    return {t: spec["label"] for t, spec in taxonomy()["topics"].items()}
