// purpose: alerts created in a window (not closed), with what routing needs: level, subject, the places and
//          organisations the items of their story mention, the items' topics, the titles, and existing routes
// params: since, until, min_level
// mode: read
MATCH (al:Alert)
WHERE al.created_at >= datetime($since) AND al.created_at < datetime($until)
  AND coalesce(al.level, 0) >= $min_level AND coalesce(al.status, 'open') <> 'closed'
OPTIONAL MATCH (al)-[:ON]->(s:Story)
CALL (s) {
  OPTIONAL MATCH (s)<-[:PART_OF]-(i)-[:MENTIONS]->(e)
  WHERE e:Place OR e:Organization
  RETURN collect(DISTINCT CASE WHEN e:Place THEN e.id END) AS places,
         collect(DISTINCT CASE WHEN e:Organization THEN e.id END) AS orgs
}
CALL (s) {
  OPTIONAL MATCH (s)<-[:PART_OF]-(i)
  UNWIND coalesce(i.topics, []) AS t
  RETURN collect(DISTINCT t) AS topics
}
CALL (al) {
  OPTIONAL MATCH (al)-[r:ROUTED_TO]->(u:Unit)
  RETURN collect(CASE WHEN u IS NOT NULL THEN {unit_id: u.id, routed_at: r.routed_at} END) AS routes
}
RETURN al.id AS id, al.level AS level, al.subject_label AS subject_label, al.subject_id AS subject_id,
       al.title AS title, s.title AS story_title, places, orgs, topics, routes
ORDER BY al.created_at, al.id
