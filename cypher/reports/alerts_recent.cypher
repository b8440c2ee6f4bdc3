// purpose: early-warning alerts raised since a date, most serious first, with their reasons and the story they are on
// title: Cảnh báo sớm gần đây
// params: since, min_level, limit
// mode: read
// param since: date [today-7] — từ ngày
// param min_level: int [1] — mức cảnh báo tối thiểu (0 bình thường … 4 khủng hoảng)
// param limit: int [200] — số dòng tối đa
// columns: alert_id, created_at, level, kind, title, status, story_id, subject_id, reasons
WITH datetime({date: $since, timezone: 'Asia/Ho_Chi_Minh'}) AS lo
MATCH (al:Alert)
WHERE al.created_at >= lo AND al.level >= $min_level
OPTIONAL MATCH (al)-[:ON]->(s:Story)
RETURN al.id AS alert_id, al.created_at AS created_at, al.level AS level, al.kind AS kind, al.title AS title,
       al.status AS status, s.id AS story_id, al.subject_id AS subject_id, al.reasons AS reasons
ORDER BY level DESC, created_at DESC, alert_id
LIMIT $limit
