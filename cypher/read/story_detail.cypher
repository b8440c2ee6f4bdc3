// purpose: one story with its metrics, handling, traced origin (the item, its author, its evidence) and counts; a
// story merged into another (MERGED_INTO) answers with the story it became, and says so in merged_from
// params: id
// mode: read
MATCH (asked:Story {id: $id})
OPTIONAL MATCH (asked)-[:MERGED_INTO*1..8]->(succ:Story) WHERE succ.merged_into IS NULL
WITH asked, head(collect(succ)) AS succ
WITH coalesce(succ, asked) AS s, CASE WHEN succ IS NULL THEN null ELSE asked.id END AS merged_from
OPTIONAL MATCH (op:Post {id: s.origin_post_id})
OPTIONAL MATCH (op)<-[:POSTED]-(oacc:Account)
OPTIONAL MATCH (oa:Article {id: s.origin_article_id})
OPTIONAL MATCH (oa)-[:PUBLISHED_BY]->(oout:Outlet)
OPTIONAL MATCH (oa)-[:CAPTURED_AS]->(cap:Capture)
WITH s, merged_from, op, oacc, oa, oout, cap ORDER BY cap.captured_at LIMIT 1
RETURN s {.*, merged_from: merged_from} AS story,
       COUNT { (s)<-[:PART_OF]-(:Article) } AS n_articles,
       COUNT { (s)<-[:PART_OF]-(:Post) } AS n_posts,
       CASE WHEN op IS NULL THEN null ELSE {id: op.id, kind: 'post', url: op.url, text: op.text,
            created_at: toString(op.created_at), account_id: oacc.id, account_name: oacc.name,
            account_handle: oacc.handle, account_kind: oacc.kind, followers: oacc.followers,
            owned_by_outlet: EXISTS { (oacc)-[:OWNED_BY]->(:Outlet) }} END AS origin_post,
       CASE WHEN oa IS NULL THEN null ELSE {id: oa.id, kind: 'article', url: oa.url, title: oa.title,
            published_at: toString(oa.published_at), detected_at: toString(oa.detected_at),
            outlet_id: oout.id, outlet_name: oout.name, evidence_sha256: oa.evidence_sha256,
            capture_id: cap.id, captured_at: toString(cap.captured_at)} END AS origin_article
