// purpose: stories a refutation may target: begun by `until` and seen since `since` (not merged away), each with
//          the texts of its earliest items up to `until` (articles: title and lead), oldest first
// params: since, until, texts_per_story
// mode: read
MATCH (s:Story)
WHERE s.merged_into IS NULL AND s.first_seen_at <= datetime($until)
  AND coalesce(s.last_seen_at, s.first_seen_at) >= datetime($since)
CALL (s) {
  MATCH (i)-[:PART_OF]->(s)
  WITH i, coalesce(i.created_at, i.published_at) AS at
  WHERE at <= datetime($until)
  WITH i, at ORDER BY at
  WITH collect(CASE WHEN i:Article THEN coalesce(i.title, '') + '. ' + coalesce(i.lead, '') ELSE i.text END) AS texts,
       min(at) AS first_at, count(i) AS n
  RETURN [t IN texts WHERE t IS NOT NULL AND size(t) >= 12][..$texts_per_story] AS texts, first_at, n
}
WITH s, texts, first_at, n WHERE n > 0
RETURN s.id AS story_id, toString(first_at) AS first_at, texts, n AS size
ORDER BY story_id
