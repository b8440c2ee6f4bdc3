// purpose: when each account on the map first acted, for the map's time slider: its first post (in the story, and in the time window, when given), as epoch milliseconds
// params: ids, story_id, since, until
// mode: read
MATCH (a:Account)
WHERE a.id IN $ids
OPTIONAL MATCH (a)-[:POSTED]->(p:Post)
WHERE ($story_id IS NULL OR EXISTS { (p)-[:PART_OF]->(:Story {id: $story_id}) })
  AND ($since IS NULL OR p.created_at >= datetime($since)) AND ($until IS NULL OR p.created_at < datetime($until))
RETURN a.id AS id, min(p.created_at).epochMillis AS first_ms
