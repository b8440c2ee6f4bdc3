// purpose: outlet reports, newest first, of one outlet ('' = every outlet)
// params: outlet_id, skip, limit
// mode: read
MATCH (rep:OutletReport)-[:FROM]->(o:Outlet)
WHERE $outlet_id = '' OR o.id = $outlet_id
OPTIONAL MATCH (rep)-[:ANSWERS]->(d:ReportDue)
RETURN rep.id AS id, o.id AS outlet_id, o.name AS outlet, rep.title AS title, rep.submitted_at AS submitted_at,
       rep.submitted_by AS submitted_by, d.id AS due_id, d.due_at AS due_at,
       COUNT { (rep)-[:HAS_EVIDENCE]->(:Capture) } AS attachments
ORDER BY submitted_at DESC, id
SKIP $skip LIMIT $limit
