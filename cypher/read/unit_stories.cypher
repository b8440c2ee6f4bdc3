// purpose: the stories behind the alerts routed to one unit, newest first, with their crisis level
// params: unit_id, limit
// mode: read
MATCH (al:Alert)-[r:ROUTED_TO]->(:Unit {id: $unit_id}), (al)-[:ON]->(s:Story)
WITH s, max(r.routed_at) AS last_routed, max(coalesce(al.level, 0)) AS level
RETURN s.id AS story_id, s.title AS title, coalesce(s.crisis_level, level) AS crisis_level,
       s.first_seen_at AS first_seen_at, last_routed
ORDER BY last_routed DESC, story_id
LIMIT $limit
