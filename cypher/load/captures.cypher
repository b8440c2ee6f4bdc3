// purpose: record the evidence capture (content-addressed page, SHA-256, capture time) of an article
// params: rows
// mode: write
// row_keys: article_id, capture_id, sha256
// row: {article_id, capture_id, sha256, url, final_url, status, captured_at, size}
UNWIND $rows AS row
MATCH (a:Article {id: row.article_id})
MERGE (c:Capture {id: row.capture_id})
SET c.sha256 = row.sha256, c.url = row.url, c.final_url = row.final_url, c.status = row.status,
    c.captured_at = datetime(row.captured_at), c.size = row.size
MERGE (a)-[:CAPTURED_AS]->(c)
