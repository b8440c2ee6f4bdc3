// purpose: one page of a stored ranking, best first, with the ranked accounts
// params: ranking_id, skip, limit
// mode: read
MATCH (k:Ranking {id: $ranking_id})-[x:RANKS]->(a:Account)
RETURN x.rank AS rank, x.score AS score, x.pagerank AS pagerank, x.reach AS reach, x.engagement AS engagement,
       x.amplification AS amplification, x.bridge AS bridge, x.kcore AS kcore,
       a.id AS account_id, a.platform AS platform, a.handle AS handle, a.name AS name, a.kind AS kind,
       a.followers AS followers, a.verified AS verified, a.community_id AS community_id,
       EXISTS { (a)-[:OWNED_BY]->(:Outlet) } AS owned_by_outlet
ORDER BY x.rank, a.id
SKIP $skip LIMIT $limit
