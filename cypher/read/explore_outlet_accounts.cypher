// purpose: the accounts an outlet owns (to centre the map on an outlet)
// params: id
// mode: read
MATCH (a:Account)-[:OWNED_BY]->(:Outlet {id: $id})
RETURN a.id AS id
ORDER BY coalesce(a.pagerank, 0.0) DESC, a.id
LIMIT 50
