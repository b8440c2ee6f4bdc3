// purpose: outbound links between articles (LINKS_TO); a target not crawled yet becomes a stub article
// params: rows
// mode: write
// row_keys: source_id, target_id
// row: {source_id, target_id, target_url}
UNWIND $rows AS row
MATCH (a:Article {id: row.source_id})
MERGE (b:Article {id: row.target_id})
  ON CREATE SET b.url = row.target_url, b.stub = true
MERGE (a)-[:LINKS_TO]->(b)
