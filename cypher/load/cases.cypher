// purpose: upsert inspection cases and link each to the outlets, journalists, accounts, articles, posts and
//          evidence captures (by SHA-256) it concerns
// params: rows
// mode: write
// row_keys: id, title, status
// row: {id, title, violation, legal_basis, status, opened_at, opened_by, closed_at, notes, updated_at, updated_by,
//       history (JSON string), outlets, journalists, accounts, articles, posts, evidence_sha256: [str]}
UNWIND $rows AS row
MERGE (c:Case {id: row.id})
  ON CREATE SET c.opened_at = datetime(row.opened_at), c.opened_by = row.opened_by
SET c.title = row.title, c.violation = row.violation, c.legal_basis = row.legal_basis, c.status = row.status,
    c.closed_at = CASE WHEN row.closed_at IS NULL THEN null ELSE datetime(row.closed_at) END,
    c.notes = row.notes, c.history = row.history, c.evidence_sha256 = coalesce(row.evidence_sha256, []),
    c.updated_at = datetime(row.updated_at), c.updated_by = row.updated_by
WITH c, row
CALL (c, row) {
  UNWIND coalesce(row.outlets, []) + coalesce(row.journalists, []) + coalesce(row.accounts, [])
         + coalesce(row.articles, []) + coalesce(row.posts, []) AS tid
  OPTIONAL MATCH (o:Outlet {id: tid})
  OPTIONAL MATCH (j:Journalist {id: tid})
  OPTIONAL MATCH (acc:Account {id: tid})
  OPTIONAL MATCH (a:Article {id: tid})
  OPTIONAL MATCH (p:Post {id: tid})
  WITH c, coalesce(o, j, acc, a, p) AS t
  WHERE t IS NOT NULL
  MERGE (c)-[:CONCERNS]->(t)
}
CALL (c, row) {
  UNWIND coalesce(row.evidence_sha256, []) AS sha
  MATCH (cap:Capture {sha256: sha})
  MERGE (c)-[:HAS_EVIDENCE]->(cap)
}
