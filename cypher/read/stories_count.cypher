// purpose: how many stories match the same filters as read/stories_page
// params: q, status, sentiment, min_crisis, since
// mode: read
MATCH (s:Story)
WHERE s.merged_into IS NULL
  AND ($q IS NULL OR toLower(s.title) CONTAINS toLower($q))
  AND ($status IS NULL OR s.status = $status)
  AND ($sentiment IS NULL OR s.sentiment = $sentiment)
  AND ($min_crisis IS NULL OR coalesce(s.crisis_level, 0) >= $min_crisis)
  AND ($since IS NULL OR s.last_seen_at >= datetime($since))
RETURN count(s) AS total
