// purpose: facts a handling recommendation needs for every story seen since a time: negativity, sentiment, speed,
//          reach (followers of posting accounts), whether an official source published it, verdict, crisis level;
//          negative = items labelled 'negative', sentiment = mean of the items' signed scores (common/sentiment.py);
//          refutations = REFUTES links to it no inspector undid (with the first refuting source's class), and
//          whether its own items refute another story
// params: since
// mode: read
MATCH (s:Story)
WHERE coalesce(s.last_seen_at, s.first_seen_at) >= datetime($since)
CALL (s) {
  MATCH (i)-[:PART_OF]->(s)
  OPTIONAL MATCH (acc:Account)-[:POSTED]->(i)
  OPTIONAL MATCH (i)-[:PUBLISHED_BY]->(o:Outlet)
  OPTIONAL MATCH (acc)-[:OWNED_BY]->(owner)
  WITH collect(DISTINCT i) AS its, collect(DISTINCT acc) AS accs,
       collect(DISTINCT coalesce(o.kind, '') + '|' + coalesce(acc.kind, '')) AS kinds,
       count(CASE WHEN owner:Spokesperson OR owner:Organization THEN 1 END) AS official_owned
  RETURN size(its) AS items,
         size([x IN its WHERE x.sentiment = 'negative']) AS negative,
         [x IN its WHERE x.sentiment_score IS NOT NULL | x.sentiment_score] AS scores,
         reduce(t = 0, a IN accs | t + coalesce(a.followers, 0)) AS reach_sum,
         any(k IN kinds WHERE k CONTAINS 'official' OR k CONTAINS 'government') OR official_owned > 0 AS official
}
CALL (s) {
  OPTIONAL MATCH (r)-[x:REFUTES]->(s) WHERE coalesce(x.status, 'confirmed') <> 'rejected'
  WITH x ORDER BY x.linked_at
  RETURN count(x) AS refutations,
         head(collect(CASE WHEN x.method = 'auto' THEN x.source_class ELSE 'inspector' END)) AS refuted_by
}
CALL (s) {
  RETURN EXISTS { MATCH (i)-[:PART_OF]->(s) MATCH (i)-[x:REFUTES]->(t:Story)
                  WHERE t <> s AND coalesce(x.status, 'confirmed') <> 'rejected' } AS refutes_other
}
WITH s, items, negative, reach_sum, official, refutations, refuted_by, refutes_other,
     CASE WHEN size(scores) = 0 THEN 0.0 ELSE reduce(t = 0.0, x IN scores | t + x) / size(scores) END AS sentiment
RETURN s.id AS story_id, coalesce(s.title, '') AS title, items, negative,
       CASE WHEN items = 0 THEN 0.0 ELSE toFloat(negative) / items END AS negative_share,
       coalesce(sentiment, 0.0) AS sentiment, coalesce(s.speed_per_hour, 0.0) AS speed_per_hour,
       reach_sum AS reach, official, s.verdict AS verdict, coalesce(s.crisis_level, 0) AS crisis_level,
       s.handling_decided_at IS NOT NULL AS decided, coalesce(s.kind, 'story') AS kind,
       refutations, refuted_by, refutes_other
ORDER BY story_id
