// purpose: what a delivery about one alert says: the alert, its story and its route to one unit (the unit it is
//          sent to, or for an escalation the unit that missed its deadline)
// params: alert_id, unit_id
// mode: read
MATCH (al:Alert {id: $alert_id})-[r:ROUTED_TO]->(u:Unit {id: $unit_id})
OPTIONAL MATCH (al)-[:ON]->(s:Story)
RETURN al.id AS alert_id, al.title AS title, al.level AS level, al.kind AS kind,
       coalesce(al.reasons, []) AS reasons, al.created_at AS created_at, s.id AS story_id, s.title AS story_title,
       u.id AS unit_id, u.name AS unit_name, r.reasons AS route_reasons, r.routed_at AS routed_at,
       r.deadline_at AS deadline_at, r.acknowledged_at AS acknowledged_at
