// purpose: escalate missed routes to the information department, once: the missed route records when and to
//          whom, the information unit gets the alert routed (if it had not) and one escalation Delivery per channel
// params: rows
// mode: write
// row_keys: alert_id, unit_id, at, to
// row: {alert_id, unit_id, at, to, reason, deliveries: [{id, channel}]}
UNWIND $rows AS row
MATCH (al:Alert {id: row.alert_id})-[r:ROUTED_TO]->(u:Unit {id: row.unit_id})
WHERE r.escalated_at IS NULL
SET r.escalated_at = datetime(row.at), r.escalated_to = row.to
WITH al, u, row
MATCH (info:Unit {id: row.to})
MERGE (al)-[ri:ROUTED_TO]->(info)
  ON CREATE SET ri.routed_at = datetime(row.at), ri.reasons = [row.reason], ri.reason = row.reason,
                ri.level = al.level, ri.deadline_at = null
WITH al, u, info, row
CALL (al, u, info, row) {
  UNWIND row.deliveries AS dv
  MERGE (d:Delivery {id: dv.id})
    ON CREATE SET d.purpose = 'escalation', d.channel = dv.channel, d.status = 'pending', d.attempts = 0,
                  d.created_at = datetime(row.at), d.next_attempt_at = datetime(row.at), d.alert_id = al.id,
                  d.unit_id = info.id, d.escalated_unit_id = u.id
  MERGE (d)-[:FOR_ALERT]->(al)
  MERGE (d)-[:TO]->(info)
}
