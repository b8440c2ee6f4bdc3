// purpose: the latest articles about the province detected in [since, until), newest first
// params: since, until, limit
// mode: read
MATCH (a:Article)
WHERE a.detected_at >= datetime($since) AND a.detected_at < datetime($until) AND coalesce(a.concerns_province, false)
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
RETURN a.id AS id, a.title AS title, a.url AS url, toString(a.published_at) AS published_at,
       toString(a.detected_at) AS detected_at, CASE WHEN a.sentiment IS :: STRING THEN a.sentiment END AS sentiment, o.name AS outlet_name
ORDER BY a.detected_at DESC, a.id
LIMIT $limit
