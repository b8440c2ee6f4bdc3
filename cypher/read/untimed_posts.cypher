// purpose: posts loaded without a posting time (time_missing) but observed in the window, with the item they share
// or reply to and their stored fingerprint: candidates to join the story their evidence names
// params: since
// (no upper bound: an item observed after the window's end may still answer a story inside it)
// mode: read
MATCH (p:Post)
WHERE p.created_at IS NULL AND p.observed_at >= datetime($since)
OPTIONAL MATCH (p)-[:SHARES|REPLIES_TO]->(parent)
WHERE parent:Post OR parent:Article
WITH p, head(collect(DISTINCT parent.id)) AS parent_id
RETURN p.id AS id, parent_id, p.fingerprint AS fingerprint
