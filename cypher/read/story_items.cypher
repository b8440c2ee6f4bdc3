// purpose: the items of a story (posts and articles) with their author and cascade parent, oldest first
// params: id, limit
// mode: read
MATCH (s:Story {id: $id})<-[:PART_OF]-(i)
WITH i, coalesce(i.created_at, i.published_at, i.detected_at) AS t
ORDER BY t, i.id
LIMIT $limit
OPTIONAL MATCH (i)<-[:POSTED]-(acc:Account)
OPTIONAL MATCH (i)-[:PUBLISHED_BY]->(out:Outlet)
OPTIONAL MATCH (i)-[cp:CASCADE_PARENT]->(parent)
WITH i, t, acc, out, head(collect({id: parent.id, how: cp.how, confidence: cp.confidence})) AS par
RETURN i.id AS id, CASE WHEN i:Post THEN 'post' ELSE 'article' END AS kind, toString(t) AS at,
       coalesce(i.title, left(i.text, 200)) AS title, i.url AS url, CASE WHEN i.sentiment IS :: STRING THEN i.sentiment END AS sentiment,
       coalesce(i.shares, 0) AS shares, coalesce(i.likes, 0) AS likes,
       acc.id AS account_id, acc.name AS account_name, acc.handle AS account_handle, acc.kind AS account_kind,
       acc.followers AS followers, acc.pagerank AS pagerank, acc.community_id AS community_id,
       EXISTS { (acc)-[:OWNED_BY]->(:Outlet) } AS owned_by_outlet,
       out.id AS outlet_id, out.name AS outlet_name, par.id AS parent_id, par.how AS parent_how
