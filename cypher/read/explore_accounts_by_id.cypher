// purpose: accounts by id with the figures a map shows (to add the ends of a path or an expanded neighbourhood)
// params: ids
// mode: read
MATCH (a:Account)
WHERE a.id IN $ids
RETURN a.id AS id, a.name AS name, a.handle AS handle, a.platform AS platform, a.kind AS kind,
       a.followers AS followers, a.pagerank AS pagerank, a.community_id AS community_id,
       EXISTS { (a)-[:OWNED_BY]->(:Outlet) } AS owned_by_outlet
