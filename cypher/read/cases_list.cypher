// purpose: inspection cases, newest first, optionally of one status (paged)
// params: status, skip, limit
// mode: read
MATCH (c:Case)
WHERE $status = '' OR c.status = $status
RETURN c.id AS id, c.title AS title, c.violation AS violation, c.status AS status, c.opened_at AS opened_at,
       c.opened_by AS opened_by, c.closed_at AS closed_at, COUNT { (c)-[:CONCERNS]->() } AS links
ORDER BY opened_at DESC, id
SKIP $skip LIMIT $limit
