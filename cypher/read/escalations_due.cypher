// purpose: routes whose response deadline has passed unacknowledged and that were never escalated (the
//          information department's own routes and closed alerts are not escalated), with the information unit's
//          channels
// params: now, info_unit
// mode: read
MATCH (al:Alert)-[r:ROUTED_TO]->(u:Unit)
WHERE r.deadline_at IS NOT NULL AND r.deadline_at <= datetime($now) AND r.acknowledged_at IS NULL
  AND r.escalated_at IS NULL AND u.id <> $info_unit AND coalesce(al.status, 'open') <> 'closed'
OPTIONAL MATCH (info:Unit {id: $info_unit})
RETURN al.id AS alert_id, u.id AS unit_id, u.name AS unit_name, r.deadline_at AS deadline_at,
       info.id AS info_id, coalesce(info.email IS NOT NULL, false) AS has_email,
       coalesce(info.webhook_url IS NOT NULL, false) AS has_webhook
ORDER BY r.deadline_at, al.id, u.id
