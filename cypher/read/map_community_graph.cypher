// purpose: communities of one run as single nodes with the summed AMPLIFIES weight between them (aggregated map)
// params: run
// mode: read
MATCH (c:Community {run: $run})
OPTIONAL MATCH (c)<-[:IN_COMMUNITY]-(a:Account)-[r:AMPLIFIES]->(b:Account)-[:IN_COMMUNITY]->(d:Community {run: $run})
WHERE d <> c
WITH c, d, sum(r.count) AS weight
RETURN c.id AS id, c.size AS size, c.label AS label, coalesce(c.top_accounts, []) AS top_accounts,
       collect(CASE WHEN d IS NULL THEN null ELSE {target: d.id, weight: weight} END) AS links
