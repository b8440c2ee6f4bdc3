// purpose: whether an id names an account and what kind (for the masking rule: is it a private person's?)
// params: id
// mode: read
MATCH (a:Account {id: $id})
RETURN a.kind AS kind, EXISTS { (a)-[:OWNED_BY]->(:Outlet) } AS owned_by_outlet
