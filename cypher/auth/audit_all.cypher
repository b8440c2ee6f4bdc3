// purpose: the whole audit chain in order (for verification) and its head
// params: none
// mode: read
MATCH (e:AuditEvent)
RETURN e.seq AS seq, e.at AS at, e.actor AS actor, e.roles AS roles, e.action AS action,
       e.target AS target, e.detail AS detail, e.ip AS ip, e.prev_hash AS prev_hash, e.hash AS hash
ORDER BY e.seq
