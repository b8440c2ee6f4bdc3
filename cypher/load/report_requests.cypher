// purpose: upsert the department's report requests and periodic obligations with their dues (one per outlet per
//          occurrence) linked to the outlets they are asked of
// params: rows
// mode: write
// row_keys: id, title
// row: {id, title, text, period, created_at, created_by, dues: [{id, outlet_id, seq, due_at}]}
UNWIND $rows AS row
MERGE (r:ReportRequest {id: row.id})
  ON CREATE SET r.created_at = datetime(row.created_at), r.created_by = row.created_by
SET r.title = row.title, r.text = row.text, r.period = row.period
WITH r, row
CALL (r, row) {
  UNWIND row.dues AS d
  MATCH (o:Outlet {id: d.outlet_id})
  MERGE (due:ReportDue {id: d.id})
  SET due.due_at = datetime(d.due_at), due.seq = d.seq, due.outlet_id = d.outlet_id, due.request_id = r.id
  MERGE (r)-[:HAS_DUE]->(due)
  MERGE (due)-[:FOR]->(o)
}
RETURN r.id AS id
