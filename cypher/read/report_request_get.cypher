// purpose: one report request with its dues
// params: id
// mode: read
MATCH (r:ReportRequest {id: $id})
OPTIONAL MATCH (r)-[:HAS_DUE]->(d:ReportDue)
WITH r, d ORDER BY d.due_at, d.outlet_id
RETURN r.id AS id, r.title AS title, r.text AS text, r.period AS period, r.created_at AS created_at,
       r.created_by AS created_by,
       [x IN collect(d) WHERE x IS NOT NULL | {id: x.id, outlet_id: x.outlet_id, seq: x.seq, due_at: x.due_at}] AS dues
