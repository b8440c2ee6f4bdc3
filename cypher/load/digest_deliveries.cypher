// purpose: plan one digest Delivery per unit, local day and channel (kept once created)
// params: rows
// mode: write
// row_keys: id, unit_id, channel, day, at
// row: {id, unit_id, channel, day: YYYY-MM-DD, at}
UNWIND $rows AS row
MATCH (u:Unit {id: row.unit_id})
MERGE (d:Delivery {id: row.id})
  ON CREATE SET d.purpose = 'digest', d.channel = row.channel, d.status = 'pending', d.attempts = 0,
                d.created_at = datetime(row.at), d.next_attempt_at = datetime(row.at), d.unit_id = u.id,
                d.day = row.day
MERGE (d)-[:TO]->(u)
