// purpose: the latest articles about the province of [since, until), newest first; the same window rule as
// read/dashboard_counts (published in it, or detected in it when the publication time is unknown), so the list
// and the count beside it agree after a crawl that catches up on past days
// params: since, until, limit
// mode: read
MATCH (a:Article)
WHERE ((a.published_at >= datetime($since) AND a.published_at < datetime($until))
       OR (a.published_at IS NULL AND a.detected_at >= datetime($since) AND a.detected_at < datetime($until)))
  AND coalesce(a.concerns_province, false)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
RETURN a.id AS id, a.title AS title, a.url AS url, toString(a.published_at) AS published_at,
       toString(a.detected_at) AS detected_at, CASE WHEN a.sentiment IS :: STRING THEN a.sentiment END AS sentiment, o.name AS outlet_name
ORDER BY coalesce(a.published_at, a.detected_at) DESC, a.id
LIMIT $limit
