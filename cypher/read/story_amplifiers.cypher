// purpose: the accounts that spread one story most (posts in it, engagement), one page
// params: id, skip, limit
// mode: read
MATCH (s:Story {id: $id})<-[:PART_OF]-(p:Post)<-[:POSTED]-(a:Account)
WITH s, a, count(p) AS posts, min(p.created_at) AS first_at,
     sum(coalesce(p.likes, 0) + coalesce(p.shares, 0) + coalesce(p.comments, 0)) AS engagement
RETURN a.id AS account_id, a.platform AS platform, a.handle AS handle, a.name AS name, a.kind AS kind,
       a.followers AS followers, a.verified AS verified, a.community_id AS community_id, a.pagerank AS pagerank,
       EXISTS { (a)-[:OWNED_BY]->(:Outlet) } AS owned_by_outlet,
       posts, engagement, toString(first_at) AS first_at, s.origin_account = a.id AS is_origin
ORDER BY posts DESC, engagement DESC, account_id
SKIP $skip LIMIT $limit
