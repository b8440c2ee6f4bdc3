// purpose: articles in a time window as cascade events (the outlet as author; a copied article's source as parent;
// the fingerprint stored at ingest for copy detection; text only for titles; the places it mentions)
// params: since, until
// mode: read
MATCH (a:Article)-[:PUBLISHED_BY]->(o:Outlet)
WHERE a.published_at >= datetime($since) AND a.published_at < datetime($until)
OPTIONAL MATCH (a)-[:COPIES]->(src:Article)
WITH a, o, head(collect(src.id)) AS parent_id
OPTIONAL MATCH (a)-[:MENTIONS]->(pl:Place)
WITH a, o, parent_id, collect(DISTINCT pl.id) AS places
RETURN a.id AS id,
       'outlet:' + o.id AS account,
       toString(a.published_at) AS created_at,
       parent_id,
       a.url AS url,
       coalesce(a.title, '') + ' ' + coalesce(a.lead, '') AS text,
       a.fingerprint AS fingerprint,
       null AS likes, null AS shares, null AS comments, null AS views,
       a.sentiment AS sentiment, a.sentiment_score AS sentiment_score, 'web' AS platform, coalesce(a.topics, []) AS topics,
       'post' AS kind, places
