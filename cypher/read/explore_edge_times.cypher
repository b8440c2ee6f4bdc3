// purpose: when each amplification between accounts on the map first happened, for the map's time slider: the first post of the amplifier that shares, replies to or has as cascade parent an item of the amplified account (in the story, and in the time window, when given)
// params: ids, story_id, since, until
// mode: read
MATCH (s:Account)-[:POSTED]->(p:Post)-[:SHARES|REPLIES_TO|CASCADE_PARENT]->(q:Post)<-[:POSTED]-(t:Account)
WHERE s.id IN $ids AND t.id IN $ids AND s <> t
  AND ($story_id IS NULL OR EXISTS { (p)-[:PART_OF]->(:Story {id: $story_id}) })
  AND ($since IS NULL OR p.created_at >= datetime($since)) AND ($until IS NULL OR p.created_at < datetime($until))
RETURN s.id AS source, t.id AS target, count(DISTINCT p) AS count, min(p.created_at).epochMillis AS first_ms
