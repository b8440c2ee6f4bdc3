// purpose: the accounts that amplify or are amplified by one account (AMPLIFIES both ways), heaviest first
// params: id, limit
// mode: read
MATCH (a:Account {id: $id})-[r:AMPLIFIES]-(b:Account)
WITH a, b, r, startNode(r) = a AS outgoing
ORDER BY r.count DESC, b.id
LIMIT $limit
RETURN b.id AS account_id, b.platform AS platform, b.handle AS handle, b.name AS name, b.kind AS kind,
       b.followers AS followers, b.pagerank AS pagerank, b.community_id AS community_id,
       EXISTS { (b)-[:OWNED_BY]->(:Outlet) } AS owned_by_outlet,
       CASE WHEN outgoing THEN a.id ELSE b.id END AS source, CASE WHEN outgoing THEN b.id ELSE a.id END AS target,
       r.count AS count
