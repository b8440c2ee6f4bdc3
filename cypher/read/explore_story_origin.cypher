// purpose: where a story started, for the path finder: its origin account, or the accounts of its earliest posts
// params: id
// mode: read
MATCH (s:Story {id: $id})
OPTIONAL MATCH (s)<-[:PART_OF]-(p:Post)<-[:POSTED]-(a:Account)
WITH s, a, min(p.created_at) AS first_at
ORDER BY first_at
WITH s, [x IN collect(a.id) WHERE x IS NOT NULL][..3] AS earliest
RETURN s.id AS id, s.title AS title, s.origin_account AS origin_account, earliest
