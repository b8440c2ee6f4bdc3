// purpose: near-duplicate copies between articles: (later)-[:COPIES {similarity}]->(earlier)
// params: rows
// mode: write
// row_keys: source_id, target_id
// row: {source_id, target_id, similarity, method}
UNWIND $rows AS row
MATCH (a:Article {id: row.source_id})
MATCH (b:Article {id: row.target_id})
MERGE (a)-[r:COPIES]->(b)
SET r.similarity = row.similarity, r.method = row.method
