"""The NLP stage's graph rows carry the one sentiment value (common.sentiment), and its version covers the
sentiment scheme so that a change to it re-annotates older items."""

from __future__ import annotations

import pytest

from common.errors import ValidationError
from etl.nlp_stage import nlp_version, to_row


def _row(sentiment):
    return to_row({"id": "x", "sentiment": sentiment, "topics": [], "relevance": {}, "entities": []}, "v")


@pytest.mark.parametrize("sentiment,label,score", [
    ({"label": "negative", "score": -0.6}, "negative", -0.6),  # stored signed, as nlp.sentiment gives it
    ({"label": "positive", "score": 0.45}, "positive", 0.45),
    ({"label": "neutral", "score": -0.2}, "neutral", -0.2),  # the cut-off itself is neutral
    ({"label": "neutral", "score": -0.21}, "negative", -0.21),  # the label is the score's, not a second opinion
    ({"label": None, "score": None, "error": "model missing"}, None, None),
    ({}, None, None),
])
def test_row_stores_the_label_of_the_signed_score(sentiment, label, score):
    row = _row(sentiment)
    assert (row["sentiment"], row["sentiment_score"]) == (label, score)
    assert "sentiment_label" not in row


def test_row_refuses_a_score_outside_the_scale():
    with pytest.raises(ValidationError):
        _row({"label": "negative", "score": -1.6})


def test_version_covers_the_sentiment_scheme(monkeypatch):
    import nlp.sentiment

    before = nlp_version()
    assert nlp_version() == before
    monkeypatch.setattr(nlp.sentiment, "SCHEME", nlp.sentiment.SCHEME + " (changed)")
    assert nlp_version() != before


def test_examples():
    import doctest

    import etl.nlp_stage

    res = doctest.testmod(etl.nlp_stage)
    assert res.attempted > 0 and res.failed == 0
