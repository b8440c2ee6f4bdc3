// purpose: the accounts whose posts mention a person (to centre the investigator's map on a person), most mentions first
// params: id, limit
// mode: read
MATCH (a:Account)-[:POSTED]->(p:Post)-[:MENTIONS]->(:Person {id: $id})
WHERE a.pagerank IS NOT NULL
WITH a, count(DISTINCT p) AS mentions
RETURN a.id AS id, a.name AS name, a.handle AS handle, a.platform AS platform, a.kind AS kind,
       a.followers AS followers, a.pagerank AS pagerank, a.community_id AS community_id,
       EXISTS { (a)-[:OWNED_BY]->(:Outlet) } AS owned_by_outlet, mentions
ORDER BY mentions DESC, a.pagerank DESC, a.id
LIMIT $limit
