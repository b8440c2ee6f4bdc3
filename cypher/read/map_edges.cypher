// purpose: the heaviest AMPLIFIES edges among a set of accounts (for a network map; capped so large maps draw fast)
// params: ids, max_edges
// mode: read
MATCH (s:Account)-[r:AMPLIFIES]->(t:Account)
WHERE s.id IN $ids AND t.id IN $ids
RETURN s.id AS source, t.id AS target, r.count AS count
ORDER BY r.count DESC, source, target
LIMIT $max_edges
