// purpose: chain scorecard: every stored article's extracted fields, relevance, sentiment and authors
// params: none
// mode: read
MATCH (a:Article) WHERE NOT coalesce(a.stub, false)
OPTIONAL MATCH (j:Journalist)-[:WROTE]->(a)
RETURN a.id AS id, a.url AS url, a.title AS title, toString(a.published_at) AS published_at,
       a.concerns_province AS concerns_province, a.sentiment AS sentiment, a.sentiment_score AS sentiment_score,
       [x IN collect({id: j.id, name: j.name}) WHERE x.id IS NOT NULL] AS authors
ORDER BY id
