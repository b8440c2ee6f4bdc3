// purpose: press outlets late with their reports: every due (a request's occurrence for one outlet) whose time
//          passed before $at without an answer (missing) or answered after its due time (late)
// title: Cơ quan báo chí chậm nộp báo cáo
// params: at, limit
// mode: read
// param at: date [today] — tính đến hết ngày (hôm nay: đến thời điểm hiện tại)
// param limit: int [500] — số dòng tối đa
// columns: outlet_id, outlet, request_id, title, due_at, status, submitted_at, days_late
// chart: bar label=outlet value=days_late
// roles: press_officer, analyst, inspector
WITH datetime({date: $at + duration({days: 1}), timezone: 'Asia/Ho_Chi_Minh'}) AS day_end
// a due later today has not passed yet: the cutoff is the end of $at's day, or now when that is earlier
WITH CASE WHEN datetime() < day_end THEN datetime() ELSE day_end END AS cutoff
MATCH (r:ReportRequest)-[:HAS_DUE]->(d:ReportDue)-[:FOR]->(o:Outlet)
WHERE d.due_at < cutoff
OPTIONAL MATCH (rep:OutletReport)-[:ANSWERS]->(d)
WITH cutoff, r, d, o, min(rep.submitted_at) AS first
WHERE first IS NULL OR first > d.due_at
WITH cutoff, r, d, o, first,
     CASE WHEN first IS NULL THEN 'missing' ELSE 'late' END AS status,
     duration.inSeconds(d.due_at, coalesce(first, cutoff)).seconds / 86400.0 AS days
RETURN o.id AS outlet_id, o.name AS outlet, r.id AS request_id, r.title AS title, d.due_at AS due_at, status,
       first AS submitted_at, round(days, 1) AS days_late
ORDER BY status DESC, days_late DESC, outlet_id
LIMIT $limit
