// purpose: government spokespeople and the agency each speaks for (Decree 09/2017)
// params: skip, limit
// mode: read
MATCH (s:Spokesperson)
OPTIONAL MATCH (s)-[r:SPEAKS_FOR]->(org:Organization)
RETURN s.id AS id, s.name AS name, s.title AS title, s.phone AS phone, s.email AS email, org.id AS agency_id,
       org.name AS agency_name, r.since AS since, r.decision_ref AS decision_ref,
       [(a:Account)-[:OWNED_BY]->(s) | a.id] AS accounts
ORDER BY agency_name, name, id
SKIP $skip LIMIT $limit
