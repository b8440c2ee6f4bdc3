// purpose: outlets concerned by inspection cases: how many, how many still open, the violations and the latest case
// title: Cơ quan báo chí có hồ sơ thanh tra, kiểm tra
// params: status, limit
// mode: read
// param status: str [] — chỉ hồ sơ ở trạng thái này (open, investigating, closed …); để trống: mọi trạng thái
// param limit: int [200] — số dòng tối đa
// columns: outlet_id, outlet, cases, open_cases, violations, latest_case_id, latest_opened_at
// chart: bar label=outlet value=cases
MATCH (c:Case)-[:CONCERNS]->(o:Outlet)
WHERE $status = '' OR c.status = $status
WITH o, c ORDER BY c.opened_at DESC
WITH o, collect(c) AS cs
RETURN o.id AS outlet_id, coalesce(o.name, o.id) AS outlet, size(cs) AS cases,
       size([x IN cs WHERE x.status <> 'closed']) AS open_cases,
       reduce(v = [], x IN cs | CASE WHEN x.violation IS NULL OR x.violation IN v THEN v ELSE v + x.violation END)
         AS violations,
       head(cs).id AS latest_case_id, head(cs).opened_at AS latest_opened_at
ORDER BY open_cases DESC, cases DESC, outlet_id
LIMIT $limit
