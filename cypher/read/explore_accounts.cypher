// purpose: accounts for the investigator's map, filtered (time window of their posts, platform, community, story, place or a unit it became / is part of, topic, minimum PageRank), most influential first
// params: since, until, platform, community_id, story_id, place_id, topic, min_pagerank, limit
// mode: read
MATCH (a:Account)
WHERE a.pagerank IS NOT NULL
  AND ($platform IS NULL OR a.platform = $platform)
  AND ($community_id IS NULL OR a.community_id = $community_id)
  AND ($min_pagerank IS NULL OR a.pagerank >= $min_pagerank)
  AND ($story_id IS NULL OR EXISTS { (a)-[:POSTED]->(:Post)-[:PART_OF]->(:Story {id: $story_id}) })
  AND ($place_id IS NULL OR EXISTS {
        MATCH (a)-[:POSTED]->(:Post)-[:MENTIONS]->(pl:Place)
        WHERE pl.id = $place_id OR EXISTS { (pl)-[:BECAME|PART_OF*1..2]->(:Place {id: $place_id}) } })
  AND ($topic IS NULL OR EXISTS { MATCH (a)-[:POSTED]->(tp:Post) WHERE $topic IN coalesce(tp.topics, []) })
  AND (($since IS NULL AND $until IS NULL) OR EXISTS {
        MATCH (a)-[:POSTED]->(p:Post)
        WHERE ($since IS NULL OR p.created_at >= datetime($since)) AND ($until IS NULL OR p.created_at < datetime($until)) })
RETURN a.id AS id, a.name AS name, a.handle AS handle, a.platform AS platform, a.kind AS kind,
       a.followers AS followers, a.pagerank AS pagerank, a.community_id AS community_id,
       EXISTS { (a)-[:OWNED_BY]->(:Outlet) } AS owned_by_outlet
ORDER BY a.pagerank DESC, a.id
LIMIT $limit
