// purpose: audit events newest first, one page, optionally of one actor
// params: actor, skip, limit
// mode: read
MATCH (e:AuditEvent)
WHERE $actor IS NULL OR e.actor = $actor
RETURN e.seq AS seq, e.at AS at, e.actor AS actor, e.roles AS roles, e.action AS action,
       e.target AS target, e.detail AS detail, e.ip AS ip, e.prev_hash AS prev_hash, e.hash AS hash
ORDER BY e.seq DESC
SKIP $skip LIMIT $limit
