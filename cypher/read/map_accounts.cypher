// purpose: the most influential accounts for a network map (optionally of one community), with their figures
// params: community_id, limit
// mode: read
MATCH (a:Account)
WHERE a.pagerank IS NOT NULL AND ($community_id IS NULL OR a.community_id = $community_id)
RETURN a.id AS id, a.name AS name, a.handle AS handle, a.platform AS platform, a.kind AS kind,
       a.followers AS followers, a.pagerank AS pagerank, a.community_id AS community_id,
       EXISTS { (a)-[:OWNED_BY]->(:Outlet) } AS owned_by_outlet
ORDER BY a.pagerank DESC, a.id
LIMIT $limit
