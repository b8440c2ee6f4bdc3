// purpose: social posts in a time window as cascade events (author, time, explicit parent, shared URL, text, the
// fingerprint stored at ingest, counts, how it was made, the places it mentions)
// params: since, until
// mode: read
MATCH (acc:Account)-[:POSTED]->(p:Post)
WHERE p.created_at >= datetime($since) AND p.created_at < datetime($until)
OPTIONAL MATCH (p)-[:SHARES|REPLIES_TO]->(parent:Post)
OPTIONAL MATCH (p)-[:SHARES]->(art:Article)
WITH p, acc, head(collect(DISTINCT parent.id)) AS parent_id, head(collect(DISTINCT art.id)) AS article_id
OPTIONAL MATCH (p)-[:MENTIONS]->(pl:Place)
WITH p, acc, parent_id, article_id, collect(DISTINCT pl.id) AS places
RETURN p.id AS id,
       acc.id AS account,
       toString(p.created_at) AS created_at,
       coalesce(parent_id, article_id) AS parent_id,
       coalesce(p.shared_url, head(p.links)) AS url,
       p.text AS text,
       p.fingerprint AS fingerprint,
       p.likes AS likes, p.shares AS shares, p.comments AS comments, p.views AS views,
       p.sentiment AS sentiment, p.sentiment_score AS sentiment_score, p.platform AS platform, coalesce(p.topics, []) AS topics,
       coalesce(p.kind, 'post') AS kind, places
