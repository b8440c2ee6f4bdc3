// purpose: origin and spread path of one story: every item in time order with who published it and where it came from
// title: Nguồn gốc và đường lan truyền của câu chuyện
// params: story_id, limit
// mode: read
// roles: investigator, inspector, police_liaison
// param story_id: str — mã câu chuyện (Story.id)
// param limit: int [1000] — số mục tối đa
// columns: at, item_id, kind, publisher, followers, parent_id, how, is_origin, evidence_sha256, text
MATCH (s:Story {id: $story_id})<-[:PART_OF]-(i)
OPTIONAL MATCH (i)-[cp:CASCADE_PARENT]->(par)
OPTIONAL MATCH (acc:Account)-[:POSTED]->(i)
OPTIONAL MATCH (i)-[:PUBLISHED_BY]->(o:Outlet)
OPTIONAL MATCH (i)-[:SHARES]->(shared)
WITH s, i, cp, par, acc, o, head(collect(shared)) AS shared
RETURN coalesce(i.created_at, i.published_at, i.detected_at) AS at,
       i.id AS item_id,
       CASE WHEN i:Post THEN 'post' ELSE 'article' END AS kind,
       coalesce(acc.id, o.id) AS publisher,
       coalesce(acc.followers, 0) AS followers,
       coalesce(par.id, shared.id) AS parent_id,
       CASE WHEN par IS NOT NULL THEN coalesce(cp.how, 'reconstructed')
            WHEN shared IS NOT NULL THEN 'share' ELSE null END AS how,
       coalesce(i.id IN [s.origin_post_id, s.origin_article_id], false) AS is_origin,
       i.evidence_sha256 AS evidence_sha256,
       left(coalesce(i.title, i.text, ''), 200) AS text
ORDER BY at, item_id
LIMIT $limit
