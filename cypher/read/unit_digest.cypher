// purpose: the alerts routed to one unit in a window (its daily digest), most serious first
// params: unit_id, since, until
// mode: read
MATCH (al:Alert)-[r:ROUTED_TO]->(u:Unit {id: $unit_id})
WHERE r.routed_at >= datetime($since) AND r.routed_at < datetime($until)
OPTIONAL MATCH (al)-[:ON]->(s:Story)
RETURN al.id AS alert_id, al.title AS title, coalesce(al.level, 0) AS level, r.reason AS reason,
       r.routed_at AS routed_at, r.deadline_at AS deadline_at, r.acknowledged_at AS acknowledged_at,
       s.id AS story_id
ORDER BY level DESC, routed_at, alert_id
