// purpose: chain scorecard: the canonical entities each stored article MENTIONS, with label, name and aliases
// params: none
// mode: read
MATCH (a:Article)-[:MENTIONS]->(e)
WHERE NOT coalesce(a.stub, false) AND (e:Person OR e:Place OR e:Organization)
RETURN a.id AS article, e.id AS entity,
       CASE WHEN e:Person THEN 'PER' WHEN e:Place THEN 'LOC' ELSE 'ORG' END AS label,
       e.name AS name, coalesce(e.aliases, []) AS aliases
ORDER BY article, entity
