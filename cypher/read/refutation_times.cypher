// purpose: for stories with a linked refutation: when the story was detected and when each refutation appeared/was linked
// params: since
// mode: read
MATCH (r)-[rel:REFUTES]->(s:Story)
WHERE coalesce(s.detected_at, s.first_seen_at) >= datetime($since)
RETURN s.id AS story_id, coalesce(s.title, '') AS title, coalesce(s.detected_at, s.first_seen_at) AS detected_at,
       collect(coalesce(r.published_at, r.created_at, rel.linked_at)) AS refuted_at
ORDER BY story_id
