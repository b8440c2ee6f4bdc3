// purpose: feedback items, newest first, optionally of one status, without contact details (paged)
// params: status, skip, limit
// mode: read
MATCH (f:Feedback)
WHERE $status = '' OR f.status = $status
RETURN f.id AS id, f.received_at AS received_at, f.status AS status, f.category AS category,
       f.subject_kind AS subject_kind, f.subject_id AS subject_id, f.subject_text AS subject_text,
       head(COLLECT { MATCH (a:Account {id: f.subject_id}) WHERE f.subject_kind = 'account'
         RETURN {kind: a.kind, owned_by_outlet: EXISTS { (a)-[:OWNED_BY]->(:Outlet) }} }) AS subject_account,
       f.message AS message, f.resolution AS resolution, f.updated_at AS updated_at
ORDER BY received_at DESC, id
SKIP $skip LIMIT $limit
