// purpose: the publishing rhythm of every source active in the window, for silent-source alerts: outlets by their
// articles' publication time, platforms by their posts' posting time; items per local hour of the day, first and
// last item. One scan of each, aggregated here (no per-item rows leave the database).
// params: since, until
// mode: read
CALL () {
  MATCH (a:Article)-[:PUBLISHED_BY]->(o:Outlet)
  WHERE a.published_at >= datetime($since) AND a.published_at < datetime($until)
  RETURN 'outlet:' + o.id AS source, coalesce(o.name, o.id) AS name, a.published_at AS at
  UNION ALL
  MATCH (p:Post)
  WHERE p.created_at >= datetime($since) AND p.created_at < datetime($until) AND p.platform IS NOT NULL
  RETURN 'platform:' + p.platform AS source, p.platform AS name, p.created_at AS at
}
WITH source, name, datetime({datetime: at, timezone: 'Asia/Ho_Chi_Minh'}).hour AS hour, min(at) AS first_at,
     max(at) AS last_at, count(*) AS n
WITH source, name, collect({hour: hour, n: n}) AS per_hour, min(first_at) AS first_at, max(last_at) AS last_at
RETURN source, name, per_hour, toString(first_at) AS first_at, toString(last_at) AS last_at
ORDER BY source
