// purpose: chain scorecard: every stored post's sentiment (label and signed score, see common/sentiment.py)
// params: none
// mode: read
MATCH (p:Post) WHERE NOT coalesce(p.stub, false)
RETURN p.id AS id, p.sentiment AS sentiment, p.sentiment_score AS sentiment_score
ORDER BY id
