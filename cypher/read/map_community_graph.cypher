// purpose: communities of one run as single nodes with the summed AMPLIFIES weight between them (aggregated map)
// params: run
// mode: read
MATCH (c:Community {run: $run})
OPTIONAL MATCH (c)<-[:IN_COMMUNITY]-(a:Account)-[r:AMPLIFIES]->(b:Account)-[:IN_COMMUNITY]->(d:Community {run: $run})
WHERE d <> c
WITH c, d, sum(r.count) AS weight
RETURN c.id AS id, c.size AS size, c.label AS label, coalesce(c.top_accounts, []) AS top_accounts,
       coalesce(c.top_terms, []) AS top_terms,
       [x IN coalesce(c.top_accounts, []) | head(COLLECT { MATCH (a:Account {id: x})
           RETURN {id: a.id, handle: a.handle, name: a.name, kind: a.kind,
                   owned_by_outlet: EXISTS { (a)-[:OWNED_BY]->(:Outlet) }} })] AS top_refs,
       collect(CASE WHEN d IS NULL THEN null ELSE {target: d.id, weight: weight} END) AS links
