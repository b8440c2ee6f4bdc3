// purpose: the alerts routed to one unit, newest first, with the route's reasons, deadline and acknowledgement
// params: unit_id, status, skip, limit
// mode: read
MATCH (al:Alert)-[r:ROUTED_TO]->(u:Unit {id: $unit_id})
WHERE $status = '' OR ($status = 'open' AND r.acknowledged_at IS NULL)
   OR ($status = 'acknowledged' AND r.acknowledged_at IS NOT NULL)
OPTIONAL MATCH (al)-[:ON]->(s:Story)
RETURN al.id AS alert_id, al.title AS title, coalesce(al.level, 0) AS level, al.kind AS kind,
       coalesce(al.reasons, []) AS alert_reasons, s.id AS story_id, s.title AS story_title,
       coalesce(r.reasons, []) AS reasons, r.routed_at AS routed_at, r.deadline_at AS deadline_at,
       r.acknowledged_at AS acknowledged_at, r.acknowledged_by AS acknowledged_by, r.ack_note AS ack_note,
       r.escalated_at AS escalated_at
ORDER BY r.routed_at DESC, al.id
SKIP $skip LIMIT $limit
