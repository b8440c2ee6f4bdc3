// purpose: one outlet report with the due it answers and its attachments
// params: id
// mode: read
MATCH (rep:OutletReport {id: $id})-[:FROM]->(o:Outlet)
OPTIONAL MATCH (rep)-[:ANSWERS]->(d:ReportDue)<-[:HAS_DUE]-(r:ReportRequest)
RETURN rep.id AS id, o.id AS outlet_id, o.name AS outlet, rep.title AS title, rep.text AS text,
       rep.submitted_at AS submitted_at, rep.submitted_by AS submitted_by, d.id AS due_id, d.due_at AS due_at,
       r.id AS request_id, r.title AS request_title,
       [(rep)-[:HAS_EVIDENCE]->(c:Capture) | {capture_id: c.id, sha256: c.sha256, filename: c.filename,
         media_type: c.media_type, size: c.size, captured_at: c.captured_at}] AS attachments
