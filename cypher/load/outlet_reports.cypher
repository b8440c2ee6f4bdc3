// purpose: record an outlet's submitted report, the due it answers (if any) and its attachments as evidence
//          captures (content-addressed in the evidence store, SHA-256)
// params: rows
// mode: write
// row_keys: id, outlet_id, title
// row: {id, outlet_id, due_id, title, text, submitted_at, submitted_by,
//       attachments: [{capture_id, sha256, url, filename, media_type, size, captured_at}]}
UNWIND $rows AS row
MATCH (o:Outlet {id: row.outlet_id})
MERGE (rep:OutletReport {id: row.id})
  ON CREATE SET rep.submitted_at = datetime(row.submitted_at), rep.submitted_by = row.submitted_by
SET rep.title = row.title, rep.text = row.text, rep.outlet_id = o.id, rep.due_id = row.due_id
MERGE (rep)-[:FROM]->(o)
WITH rep, row
CALL (rep, row) {
  WITH rep, row WHERE row.due_id IS NOT NULL
  MATCH (d:ReportDue {id: row.due_id})
  MERGE (rep)-[:ANSWERS]->(d)
}
CALL (rep, row) {
  UNWIND row.attachments AS a
  MERGE (c:Capture {id: a.capture_id})
  SET c.sha256 = a.sha256, c.url = a.url, c.final_url = a.url, c.status = 200, c.size = a.size,
      c.captured_at = datetime(a.captured_at), c.filename = a.filename, c.media_type = a.media_type
  MERGE (rep)-[:HAS_EVIDENCE]->(c)
}
RETURN rep.id AS id
