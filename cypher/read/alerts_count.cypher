// purpose: how many alerts match the filters of read/alerts_page
// params: status, min_level
// mode: read
MATCH (al:Alert)
WHERE ($status IS NULL OR al.status = $status) AND ($min_level IS NULL OR coalesce(al.level, 0) >= $min_level)
RETURN count(al) AS total
