// purpose: chain scorecard: every stored article's extracted fields, relevance, sentiment and authors (each author
// as the identity it resolves to: the journalist its byline is SAME_AS, pen name or registry, else itself)
// params: none
// mode: read
MATCH (a:Article) WHERE NOT coalesce(a.stub, false)
OPTIONAL MATCH (b:Journalist)-[:WROTE]->(a)
OPTIONAL MATCH (b)-[:SAME_AS]->(c:Journalist)
WITH a, b, head(collect(c)) AS c
WITH a, b, coalesce(c, b) AS j
RETURN a.id AS id, a.url AS url, a.title AS title, toString(a.published_at) AS published_at,
       a.concerns_province AS concerns_province, a.sentiment AS sentiment, a.sentiment_score AS sentiment_score,
       [x IN collect({id: j.id, name: b.name}) WHERE x.id IS NOT NULL] AS authors
ORDER BY id
