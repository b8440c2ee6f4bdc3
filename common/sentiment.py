"""The one sentiment value: a signed score and the label it implies, with the one cut-off.

Every item and story stores exactly two properties:

* ``sentiment_score`` — a float in [-1, 1], **already signed**: P(positive) − P(negative) for an item,
  the mean of its items' scores for a story. Nobody multiplies it by a label's sign again.
* ``sentiment`` — the label ``label_for(sentiment_score)``: "negative", "neutral" or "positive".

The cut-off lives here and nowhere else (not in Cypher, not in a route, not in a report header).

>>> label_for(-0.35), label_for(0.0), label_for(0.2), label_for(0.21)
('negative', 'neutral', 'neutral', 'positive')
>>> checked_score(1.5)
Traceback (most recent call last):
...
common.errors.ValidationError: sentiment score 1.5 is outside [-1, 1]
"""

from __future__ import annotations

import math
from enum import StrEnum

from common.errors import ValidationError

NEGATIVE_BELOW = -0.2  # a score below this is negative
POSITIVE_ABOVE = 0.2  # a score above this is positive


class Sentiment(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


def label_for(score: float) -> str:
    """The label a signed score implies (the one cut-off)."""
    s = checked_score(score)
    if s < NEGATIVE_BELOW:
        return Sentiment.NEGATIVE.value
    if s > POSITIVE_ABOVE:
        return Sentiment.POSITIVE.value
    return Sentiment.NEUTRAL.value


def checked_score(score: float) -> float:
    """``score`` as a float, refused when it is not a number in [-1, 1] (a sign or scale error upstream)."""
    try:
        s = float(score)
    except (TypeError, ValueError) as e:
        raise ValidationError(f"sentiment score {score!r} is not a number") from e
    if math.isnan(s) or not -1.0 - 1e-9 <= s <= 1.0 + 1e-9:
        raise ValidationError(f"sentiment score {score!r} is outside [-1, 1]")
    return max(-1.0, min(1.0, s))


def mean_score(scores: list[float]) -> float | None:
    """The mean of the scores that exist (None when there are none): a story's score.

    >>> mean_score([-0.8, -0.4, None, 0.3])
    -0.3
    """
    vals = [checked_score(s) for s in scores if s is not None]
    return round(sum(vals) / len(vals), 4) if vals else None
