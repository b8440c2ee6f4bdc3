// purpose: how often an entity was mentioned per day since a date (articles and posts, negative share)
// params: id, since
// mode: read
OPTIONAL MATCH (p:Person {id: $id})
OPTIONAL MATCH (pl:Place {id: $id})
OPTIONAL MATCH (o:Organization {id: $id})
WITH coalesce(p, pl, o) AS n
MATCH (n)<-[:MENTIONS]-(i)
WITH i, coalesce(i.published_at, i.created_at, i.detected_at) AS t
WHERE t IS NOT NULL AND t >= datetime($since)
WITH date(t) AS day, count(i) AS mentions, sum(CASE WHEN i.sentiment = 'negative' THEN 1 ELSE 0 END) AS negative,
     sum(CASE WHEN i:Article THEN 1 ELSE 0 END) AS articles
RETURN toString(day) AS day, mentions, negative, articles
ORDER BY day
