// purpose: delete (at most $limit) personal social accounts last observed before $cutoff that have no posts left
// params: cutoff, limit
// mode: write
// note: accounts owned by an outlet (institutional) and accounts a Case still holds are kept
MATCH (a:Account)
WHERE coalesce(a.observed_at, a.created_at) < datetime($cutoff)
  AND NOT EXISTS { MATCH (a)-[:POSTED]->(:Post) }
  AND NOT EXISTS { MATCH (a)-[:OWNED_BY]->(:Outlet) }
  AND NOT EXISTS {
    MATCH (c:Case)-[:CONCERNS]->(a)
    WHERE c.closed_at IS NULL OR c.closed_at >= datetime($cutoff)
  }
WITH a LIMIT $limit
DETACH DELETE a
RETURN count(*) AS deleted
