// purpose: every API key without its hash
// params: none
// mode: read
MATCH (k:ApiKey)-[:OWNED_BY]->(u:User)
RETURN k.id AS id, k.name AS name, k.roles AS roles, coalesce(k.disabled, false) AS disabled, u.id AS owner,
       toString(k.created_at) AS created_at
ORDER BY k.id
