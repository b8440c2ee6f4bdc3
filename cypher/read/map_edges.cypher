// purpose: AMPLIFIES edges among a set of accounts (for a network map)
// params: ids
// mode: read
MATCH (s:Account)-[r:AMPLIFIES]->(t:Account)
WHERE s.id IN $ids AND t.id IN $ids
RETURN s.id AS source, t.id AS target, r.count AS count
