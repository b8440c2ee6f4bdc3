// purpose: a unit officer acknowledges an alert routed to their unit (the first acknowledgement is kept)
// params: alert_id, unit_id, by, at, note
// mode: write
MATCH (al:Alert {id: $alert_id})-[r:ROUTED_TO]->(u:Unit {id: $unit_id})
SET r.acknowledged_by = coalesce(r.acknowledged_by, $by),
    r.ack_note = CASE WHEN r.acknowledged_at IS NULL THEN $note ELSE r.ack_note END,
    r.acknowledged_at = coalesce(r.acknowledged_at, datetime($at))
RETURN al.id AS alert_id, u.id AS unit_id, r.routed_at AS routed_at, r.deadline_at AS deadline_at,
       r.acknowledged_at AS acknowledged_at, r.acknowledged_by AS acknowledged_by, r.ack_note AS ack_note,
       r.escalated_at AS escalated_at
