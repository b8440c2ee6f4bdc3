// purpose: one page of stories, filtered (title text, status, sentiment, minimum crisis level, since) and sorted
//          (sentiment: the stored label, sentiment_score: the stored mean score; see common/sentiment.py)
// params: q, status, sentiment, min_crisis, since, sort, skip, limit
// mode: read
MATCH (s:Story)
WHERE s.merged_into IS NULL
  AND ($q IS NULL OR toLower(s.title) CONTAINS toLower($q))
  AND ($status IS NULL OR s.status = $status)
  AND ($sentiment IS NULL OR s.sentiment = $sentiment)
  AND ($min_crisis IS NULL OR coalesce(s.crisis_level, 0) >= $min_crisis)
  AND ($since IS NULL OR s.last_seen_at >= datetime($since))
RETURN s.id AS id, s.title AS title, toString(s.first_seen_at) AS first_seen_at,
       toString(s.last_seen_at) AS last_seen_at, s.status AS status, s.size AS size, s.depth AS depth,
       s.virality AS virality, s.speed_per_hour AS speed_per_hour, s.reach AS reach,
       CASE WHEN s.sentiment IS :: STRING THEN s.sentiment END AS sentiment, s.sentiment_score AS sentiment_score,
       s.negative_share AS negative_share, s.crisis_level AS crisis_level, s.handling AS handling,
       s.origin_confidence AS origin_confidence
ORDER BY CASE $sort
           WHEN 'speed' THEN coalesce(s.speed_per_hour, 0.0)
           WHEN 'size' THEN toFloat(coalesce(s.size, 0))
           WHEN 'crisis' THEN toFloat(coalesce(s.crisis_level, 0)) * 1.0e6 + coalesce(s.speed_per_hour, 0.0)
           WHEN 'negative' THEN coalesce(s.negative_share, 0.0)
           ELSE toFloat(coalesce(s.first_seen_at.epochSeconds, 0))
         END DESC, s.id
SKIP $skip LIMIT $limit
