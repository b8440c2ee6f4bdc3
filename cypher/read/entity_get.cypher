// purpose: one canonical entity by id (looked up through each label's unique index)
// params: id
// mode: read
OPTIONAL MATCH (p:Person {id: $id})
OPTIONAL MATCH (pl:Place {id: $id})
OPTIONAL MATCH (o:Organization {id: $id})
WITH coalesce(p, pl, o) AS n
WHERE n IS NOT NULL
RETURN n.id AS id, [l IN labels(n) WHERE l IN ['Person', 'Place', 'Organization']][0] AS label, n.name AS name,
       n.kind AS kind, n.admin_code AS admin_code, n.level AS level, coalesce(n.aliases, []) AS aliases
