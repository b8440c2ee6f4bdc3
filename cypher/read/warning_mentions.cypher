// purpose: articles and posts since a time, as early-warning mentions: time (epoch milliseconds), sentiment (the stored label and signed
//          score, see common/sentiment.py), story, source, national
//          outlet, follower count, whether it concerns the province (and whether it names other provinces), and the
//          places/topics/entities it mentions
// params: since, until
// mode: read
CALL () {
  MATCH (a:Article)
  WHERE coalesce(a.published_at, a.detected_at) >= datetime($since)
    AND coalesce(a.published_at, a.detected_at) < datetime($until)
  OPTIONAL MATCH (a)-[:PUBLISHED_BY]->(o:Outlet)
  RETURN a AS item, coalesce(a.published_at, a.detected_at) AS at, o.id AS source, o.id AS outlet,
         coalesce(o.level = 'national', false) AS national, 0 AS followers,
         coalesce(a.concerns_province, true) AS local
  UNION ALL
  MATCH (acc:Account)-[:POSTED]->(p:Post)
  WHERE p.created_at >= datetime($since) AND p.created_at < datetime($until)
  RETURN p AS item, p.created_at AS at, acc.id AS source, null AS outlet, false AS national,
         coalesce(acc.followers, 0) AS followers, true AS local
}
OPTIONAL MATCH (item)-[:PART_OF]->(s:Story)
OPTIONAL MATCH (item)-[:MENTIONS]->(e)
WITH item, at, source, outlet, national, followers, local, head(collect(DISTINCT s.id)) AS story_id,
     collect(DISTINCT CASE WHEN e:Place THEN 'place:' + e.id WHEN e:Organization THEN 'entity:' + e.id
                           WHEN e:Person THEN 'entity:' + e.id END) AS ent_scopes
RETURN item.id AS id, at.epochMillis AS at_ms, item.sentiment AS sentiment, item.sentiment_score AS sentiment_score, story_id, source, national, followers, local,
       coalesce(item.concerns_province, false) AS concerns,
       // nlp/relevance.py OTHER_PROVINCES_REASON: the item names other provinces (evidence it is about elsewhere)
       any(r IN coalesce(item.relevance_reasons, []) WHERE r STARTS WITH 'other provinces: ') AS elsewhere,
       ent_scopes + [t IN coalesce(item.topics, []) | 'topic:' + t]
         + CASE WHEN outlet IS NULL THEN [] ELSE ['outlet:' + outlet] END AS scopes
ORDER BY at_ms
