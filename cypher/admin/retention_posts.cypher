// purpose: delete (a batch of at most $limit) social posts collected before $cutoff, except those a Case still holds
// params: cutoff, limit
// mode: write
// note: posts of outlet-owned (institutional) accounts are not personal data and are kept.
//       the clock is when we collected the post (observed_at), so a post with a skewed or future created_at
//       still expires; created_at is used only when observed_at is missing
MATCH (p:Post)
WHERE coalesce(p.observed_at, p.created_at) < datetime($cutoff)
  AND NOT EXISTS { MATCH (:Outlet)<-[:OWNED_BY]-(:Account)-[:POSTED]->(p) }
  AND NOT EXISTS {
    MATCH (c:Case)-[:CONCERNS]->(p)
    WHERE c.closed_at IS NULL OR c.closed_at >= datetime($cutoff)
  }
WITH p LIMIT $limit
DETACH DELETE p
RETURN count(*) AS deleted
