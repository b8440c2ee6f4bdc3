// purpose: store citizens' feedback (new or status update), its separate contact node, and link it to its subject
// params: rows
// mode: write
// row_keys: id, status
// row: {id, received_at, status, category, subject_kind, subject_id, subject_text, message, fingerprint, ip_hash,
//       resolution, updated_at, updated_by, history (JSON string), contact: {name, email, phone} | null}
UNWIND $rows AS row
MERGE (f:Feedback {id: row.id})
  ON CREATE SET f.received_at = datetime(row.received_at), f.category = row.category,
                f.subject_kind = row.subject_kind, f.subject_id = row.subject_id, f.subject_text = row.subject_text,
                f.message = row.message, f.fingerprint = row.fingerprint, f.ip_hash = row.ip_hash
SET f.status = row.status, f.resolution = row.resolution, f.history = row.history,
    f.updated_at = datetime(row.updated_at), f.updated_by = row.updated_by
WITH f, row
CALL (f, row) {
  WITH f, row WHERE row.contact IS NOT NULL
  MERGE (c:FeedbackContact {id: row.id})
  SET c.name = row.contact.name, c.email = row.contact.email, c.phone = row.contact.phone
  MERGE (f)-[:HAS_CONTACT]->(c)
}
CALL (f, row) {
  OPTIONAL MATCH (o:Outlet {id: row.subject_id})
  OPTIONAL MATCH (j:Journalist {id: row.subject_id})
  OPTIONAL MATCH (a:Article {id: row.subject_id})
  OPTIONAL MATCH (acc:Account {id: row.subject_id})
  WITH f, CASE row.subject_kind WHEN 'outlet' THEN o WHEN 'journalist' THEN j WHEN 'article' THEN a
                                WHEN 'account' THEN acc END AS t
  WHERE t IS NOT NULL
  MERGE (f)-[:CONCERNS]->(t)
}
