// purpose: delete citizens' feedback (and any contact left) received before $cutoff, unless a Case still holds it
// params: cutoff, limit
// mode: write
MATCH (f:Feedback)
WHERE f.received_at < datetime($cutoff)
  AND NOT EXISTS {
    MATCH (c:Case)-[:CONCERNS]->(f)
    WHERE c.closed_at IS NULL OR c.closed_at >= datetime($cutoff)
  }
WITH f LIMIT $limit
OPTIONAL MATCH (f)-[:HAS_CONTACT]->(c:FeedbackContact)
DETACH DELETE c, f
RETURN count(DISTINCT f) AS deleted
