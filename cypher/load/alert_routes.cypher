// purpose: route alerts to units (ROUTED_TO with the reasons, the routing time and the response deadline) and
//          plan one Delivery per immediate channel; the first routing time, deadline and delivery are kept
// params: rows
// mode: write
// row_keys: alert_id, unit_id, routed_at
// row: {alert_id, unit_id, reasons: [str], reason, level, routed_at, deadline_at (null: none),
//       deliveries: [{id, channel}]}
UNWIND $rows AS row
MATCH (al:Alert {id: row.alert_id}), (u:Unit {id: row.unit_id})
MERGE (al)-[r:ROUTED_TO]->(u)
  ON CREATE SET r.routed_at = datetime(row.routed_at),
                r.deadline_at = CASE WHEN row.deadline_at IS NULL THEN null ELSE datetime(row.deadline_at) END
SET r.reasons = row.reasons, r.reason = row.reason, r.level = row.level
WITH al, u, row
CALL (al, u, row) {
  UNWIND row.deliveries AS dv
  MERGE (d:Delivery {id: dv.id})
    ON CREATE SET d.purpose = 'alert', d.channel = dv.channel, d.status = 'pending', d.attempts = 0,
                  d.created_at = datetime(row.routed_at), d.next_attempt_at = datetime(row.routed_at),
                  d.alert_id = al.id, d.unit_id = u.id
  MERGE (d)-[:FOR_ALERT]->(al)
  MERGE (d)-[:TO]->(u)
}
