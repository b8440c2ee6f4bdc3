// purpose: for stories with a refutation no inspector undid, detected or refuted since a time: when the story was
//          detected and when each refutation appeared (the item's own time, else when it was linked)
// params: since
// mode: read
MATCH (r)-[rel:REFUTES]->(s:Story)
WHERE coalesce(rel.status, 'confirmed') <> 'rejected'
WITH s, r, rel, coalesce(r.published_at, r.created_at, rel.linked_at) AS refuted_at
WITH s, collect(refuted_at) AS refuted_at, max(coalesce(rel.confirmed_at, rel.linked_at)) AS last_linked
WHERE coalesce(s.detected_at, s.first_seen_at) >= datetime($since) OR last_linked >= datetime($since)
RETURN s.id AS story_id, coalesce(s.title, '') AS title, coalesce(s.detected_at, s.first_seen_at) AS detected_at,
       refuted_at
ORDER BY story_id
