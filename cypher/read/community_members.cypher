// purpose: one page of a community's accounts, most influential first
// params: id, skip, limit
// mode: read
MATCH (c:Community {id: $id})<-[m:IN_COMMUNITY]-(a:Account)
RETURN a.id AS account_id, a.platform AS platform, a.handle AS handle, a.name AS name, a.kind AS kind,
       a.followers AS followers, a.verified AS verified, a.pagerank AS pagerank, a.community_id AS community_id,
       EXISTS { (a)-[:OWNED_BY]->(:Outlet) } AS owned_by_outlet, m.stability AS stability
ORDER BY coalesce(a.pagerank, 0.0) DESC, a.id
SKIP $skip LIMIT $limit
