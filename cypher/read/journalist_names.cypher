// purpose: every journalist with each outlet it works for, its byline name, article count there and whether the
// press registry knows it: the input of pen-name resolution (graph/analytics/identity.py)
// params: none
// mode: read
MATCH (j:Journalist)-[:WORKS_FOR]->(o:Outlet)
RETURN j.id AS id, j.name AS name, o.id AS outlet, coalesce(j.registered, false) AS registered,
       COUNT { (j)-[:WROTE]->(:Article)-[:PUBLISHED_BY]->(o) } AS articles
ORDER BY outlet, id
