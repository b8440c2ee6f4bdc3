// purpose: dues (a request's occurrence for one outlet), soonest first, with the first report answering each;
//          filtered by outlet ('' = every outlet) and request ('' = every request)
// params: outlet_id, request_id, skip, limit
// mode: read
MATCH (r:ReportRequest)-[:HAS_DUE]->(d:ReportDue)-[:FOR]->(o:Outlet)
WHERE ($outlet_id = '' OR o.id = $outlet_id) AND ($request_id = '' OR r.id = $request_id)
OPTIONAL MATCH (rep:OutletReport)-[:ANSWERS]->(d)
WITH r, d, o, rep ORDER BY rep.submitted_at
WITH r, d, o, head(collect(rep)) AS first
RETURN d.id AS due_id, r.id AS request_id, r.title AS title, r.period AS period, d.seq AS seq, o.id AS outlet_id,
       o.name AS outlet, d.due_at AS due_at, first.id AS report_id, first.submitted_at AS submitted_at
ORDER BY due_at, outlet_id, request_id
SKIP $skip LIMIT $limit
