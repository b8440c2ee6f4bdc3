// purpose: outlets in the press registry (or all outlets), with journalists, resident reporters, owned accounts and articles
// params: registered_only, skip, limit
// mode: read
MATCH (o:Outlet)
WHERE NOT $registered_only OR coalesce(o.registered, false)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.level AS level, o.licence AS licence,
       o.licence_no AS licence_no, o.licence_date AS licence_date, o.agency AS agency, o.address AS address,
       o.url AS url, coalesce(o.registered, false) AS registered,
       COUNT { (:Journalist)-[:WORKS_FOR]->(o) } AS journalists,
       COUNT { (j:Journalist)-[w:WORKS_FOR]->(o) WHERE coalesce(w.resident, j.resident, false) } AS resident_reporters,
       [(a:Account)-[:OWNED_BY]->(o) | a.id] AS accounts,
       COUNT { (:Article)-[:PUBLISHED_BY]->(o) } AS articles
ORDER BY id
SKIP $skip LIMIT $limit
