// purpose: the dashboard's figures for [since, until): items about the province, negative ones, posts, open alerts;
// an article counts in the window it was published in (what was said then), or detected in when its time is unknown
// (a crawl that catches up on a past day detects everything after that day's end)
// params: since, until
// mode: read
CALL () {
  MATCH (a:Article)
  WHERE (a.published_at >= datetime($since) AND a.published_at < datetime($until))
     OR (a.published_at IS NULL AND a.detected_at >= datetime($since) AND a.detected_at < datetime($until))
  RETURN count(a) AS articles, sum(CASE WHEN a.concerns_province THEN 1 ELSE 0 END) AS province_articles,
         sum(CASE WHEN a.concerns_province AND a.sentiment = 'negative' THEN 1 ELSE 0 END) AS negative_articles
}
CALL () {
  MATCH (p:Post) WHERE p.created_at >= datetime($since) AND p.created_at < datetime($until)
  RETURN count(p) AS posts, sum(CASE WHEN p.sentiment = 'negative' THEN 1 ELSE 0 END) AS negative_posts
}
CALL () {
  MATCH (al:Alert) WHERE coalesce(al.status, 'open') = 'open'
  RETURN count(al) AS open_alerts, max(al.level) AS max_alert_level
}
CALL () {
  MATCH (s:Story) WHERE NOT coalesce(s.status, 'open') IN ['closed', 'merged']
  RETURN max(s.crisis_level) AS max_story_level
}
RETURN articles, province_articles, negative_articles, posts, negative_posts, open_alerts,
       coalesce(max_alert_level, 0) AS max_alert_level, coalesce(max_story_level, 0) AS max_story_level
