// purpose: an account's latest posts with the story each belongs to
// params: id, limit
// mode: read
MATCH (a:Account {id: $id})-[:POSTED]->(p:Post)
WITH p ORDER BY p.created_at DESC, p.id LIMIT $limit
OPTIONAL MATCH (p)-[:PART_OF]->(s:Story)
RETURN p.id AS id, toString(p.created_at) AS created_at, left(p.text, 300) AS text, p.url AS url,
       CASE WHEN p.sentiment IS :: STRING THEN p.sentiment END AS sentiment, coalesce(p.likes, 0) AS likes, coalesce(p.shares, 0) AS shares,
       s.id AS story_id, s.title AS story_title
