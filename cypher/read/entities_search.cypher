// purpose: canonical entities (people, places, organisations) whose name contains the text, most mentioned first
// params: q, label, limit
// mode: read
MATCH (n)
WHERE (n:Person OR n:Place OR n:Organization)
  AND ($label IS NULL OR $label IN labels(n))
  AND ($q IS NULL OR toLower(n.name) CONTAINS toLower($q))
WITH n, COUNT { (n)<-[:MENTIONS]-() } AS mentions
RETURN n.id AS id, [l IN labels(n) WHERE l IN ['Person', 'Place', 'Organization']][0] AS label, n.name AS name,
       n.kind AS kind, n.admin_code AS admin_code, n.level AS level, mentions
ORDER BY mentions DESC, n.id
LIMIT $limit
