// purpose: an article's evidence: its captures (SHA-256, capture time) and the copies linked to it
// params: id
// mode: read
MATCH (a:Article {id: $id})
OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
RETURN a.id AS id, a.url AS url, a.title AS title, a.evidence_sha256 AS evidence_sha256,
       toString(a.published_at) AS published_at, toString(a.detected_at) AS detected_at,
       o.id AS outlet_id, o.name AS outlet_name,
       [(a)-[:CAPTURED_AS]->(c:Capture) | {capture_id: c.id, sha256: c.sha256, url: c.url, final_url: c.final_url,
         status: c.status, captured_at: toString(c.captured_at), size: c.size}] AS captures,
       [(a)-[r:COPIES]-(b:Article) | {id: b.id, url: b.url, title: b.title, evidence_sha256: b.evidence_sha256,
         similarity: r.similarity, direction: CASE WHEN startNode(r) = a THEN 'copies' ELSE 'copied_by' END}]
         AS copies
