// purpose: one due with its request and outlet
// params: id
// mode: read
MATCH (r:ReportRequest)-[:HAS_DUE]->(d:ReportDue {id: $id})-[:FOR]->(o:Outlet)
RETURN d.id AS due_id, r.id AS request_id, r.title AS title, o.id AS outlet_id, d.due_at AS due_at
