// purpose: citizens' feedback about one outlet, journalist, article or account (without the citizens' contact details)
// title: Phản ánh của người dân về một đối tượng
// params: target_id, status, limit
// mode: read
// roles: press_officer, inspector, police_liaison
// param target_id: str — mã đối tượng (Outlet, Journalist, Article hoặc Account id)
// param status: str [] — chỉ phản ánh ở trạng thái này (new, triaged, resolved, rejected); để trống: mọi trạng thái
// param limit: int [200] — số dòng tối đa
// columns: feedback_id, received_at, status, category, subject_kind, subject_id, message, resolution
MATCH (f:Feedback)-[:CONCERNS]->(t {id: $target_id})
WHERE ($status = '' OR f.status = $status)
  AND (t:Outlet OR t:Journalist OR t:Article OR t:Account OR t:Post)
RETURN f.id AS feedback_id, f.received_at AS received_at, f.status AS status, f.category AS category,
       f.subject_kind AS subject_kind, t.id AS subject_id, f.message AS message, f.resolution AS resolution
ORDER BY received_at DESC, feedback_id
LIMIT $limit
