// purpose: how many accounts of each community match the investigator's map filters (place: the unit, the former units that BECAME it and places PART_OF it; topic: a topic id of their posts) (for the aggregated map of a large network)
// params: since, until, platform, story_id, place_id, topic, min_pagerank
// mode: read
MATCH (a:Account)
WHERE a.pagerank IS NOT NULL
  AND ($platform IS NULL OR a.platform = $platform)
  AND ($min_pagerank IS NULL OR a.pagerank >= $min_pagerank)
  AND ($story_id IS NULL OR EXISTS { (a)-[:POSTED]->(:Post)-[:PART_OF]->(:Story {id: $story_id}) })
  AND ($place_id IS NULL OR EXISTS {
        MATCH (a)-[:POSTED]->(:Post)-[:MENTIONS]->(pl:Place)
        WHERE pl.id = $place_id OR EXISTS { (pl)-[:BECAME|PART_OF*1..2]->(:Place {id: $place_id}) } })
  AND ($topic IS NULL OR EXISTS { MATCH (a)-[:POSTED]->(tp:Post) WHERE $topic IN coalesce(tp.topics, []) })
  AND (($since IS NULL AND $until IS NULL) OR EXISTS {
        MATCH (a)-[:POSTED]->(p:Post)
        WHERE ($since IS NULL OR p.created_at >= datetime($since)) AND ($until IS NULL OR p.created_at < datetime($until)) })
RETURN a.community_id AS community_id, count(a) AS accounts
ORDER BY accounts DESC
