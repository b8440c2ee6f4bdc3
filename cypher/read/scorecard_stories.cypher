// purpose: chain scorecard: every story with its traced origin, warning and handling, and what REFUTES it
// params: none
// mode: read
MATCH (s:Story)
OPTIONAL MATCH (r)-[x:REFUTES]->(s) WHERE coalesce(x.status, 'confirmed') <> 'rejected'
RETURN s.id AS id, s.size AS size, s.origin_post_id AS origin_post_id, s.origin_article_id AS origin_article_id,
       s.handling AS handling, s.handling_recommended AS handling_recommended, s.crisis_level AS crisis_level,
       s.stage AS stage, collect(r.id) AS refuted_by
ORDER BY id
