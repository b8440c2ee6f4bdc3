// purpose: deliveries to attempt now: pending or failed ones whose next attempt is due, and claims left stale by
//          a pass that died while sending; oldest first
// params: now, stale_before, limit
// mode: read
MATCH (d:Delivery)-[:TO]->(u:Unit)
WHERE (d.status IN ['pending', 'failed'] AND d.next_attempt_at <= datetime($now))
   OR (d.status = 'sending' AND d.claimed_at < datetime($stale_before))
RETURN d.id AS id, d.purpose AS purpose, d.channel AS channel, coalesce(d.attempts, 0) AS attempts,
       d.alert_id AS alert_id, d.escalated_unit_id AS escalated_unit_id, d.day AS day,
       u.id AS unit_id, u.name AS unit_name, u.email AS email, u.webhook_url AS webhook_url
ORDER BY d.created_at, d.id
LIMIT $limit
