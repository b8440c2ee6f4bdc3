// purpose: the communities of one run, largest first, one page
// params: run, skip, limit
// mode: read
MATCH (c:Community {run: $run})
RETURN c.id AS id, c.run AS run, c.index AS index, c.size AS size, c.label AS label,
       coalesce(c.top_terms, []) AS top_terms, coalesce(c.top_accounts, []) AS top_accounts,
       [x IN coalesce(c.top_accounts, []) | head(COLLECT { MATCH (a:Account {id: x})
           RETURN {id: a.id, handle: a.handle, name: a.name, kind: a.kind,
                   owned_by_outlet: EXISTS { (a)-[:OWNED_BY]->(:Outlet) }} })] AS top_refs,
       c.modularity AS modularity, c.density AS density, c.internal_weight AS internal_weight,
       c.external_weight AS external_weight
ORDER BY c.size DESC, c.id
SKIP $skip LIMIT $limit
