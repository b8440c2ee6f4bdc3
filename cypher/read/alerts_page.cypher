// purpose: one page of alerts, newest first, filtered by status and minimum level
// params: status, min_level, skip, limit
// mode: read
MATCH (al:Alert)
WHERE ($status IS NULL OR al.status = $status) AND ($min_level IS NULL OR coalesce(al.level, 0) >= $min_level)
OPTIONAL MATCH (al)-[:ON]->(s:Story)
RETURN al.id AS id, toString(al.created_at) AS created_at, al.level AS level, al.kind AS kind, al.title AS title,
       coalesce(al.reasons, []) AS reasons, al.status AS status, coalesce(s.id, al.subject_id) AS subject_id,
       CASE WHEN s IS NULL THEN al.subject_label ELSE 'Story' END AS subject_label
ORDER BY al.created_at DESC, al.id
SKIP $skip LIMIT $limit
