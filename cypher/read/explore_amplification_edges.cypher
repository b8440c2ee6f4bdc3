// purpose: every AMPLIFIES edge (amplifier -> amplified, count), heaviest first, capped: the graph a path is searched in
// params: max_edges
// mode: read
MATCH (s:Account)-[r:AMPLIFIES]->(t:Account)
RETURN s.id AS source, t.id AS target, coalesce(r.count, 1) AS count, s.community_id AS source_community,
       t.community_id AS target_community
ORDER BY count DESC, source, target
LIMIT $max_edges
