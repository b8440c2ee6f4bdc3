// purpose: share/quote (SHARES) and reply (REPLIES_TO) edges between posts; a parent not seen yet is a stub
// params: rows
// mode: write
// row_keys: id, parent_id, rel
// row: {id, parent_id, rel: 'SHARES' | 'REPLIES_TO', kind}
UNWIND $rows AS row
MATCH (p:Post {id: row.id})
MERGE (parent:Post {id: row.parent_id})
  ON CREATE SET parent.stub = true
FOREACH (_ IN CASE WHEN row.rel = 'SHARES' THEN [1] ELSE [] END |
  MERGE (p)-[s:SHARES]->(parent) SET s.kind = row.kind)
FOREACH (_ IN CASE WHEN row.rel = 'REPLIES_TO' THEN [1] ELSE [] END |
  MERGE (p)-[:REPLIES_TO]->(parent))
