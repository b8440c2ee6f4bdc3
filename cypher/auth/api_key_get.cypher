// purpose: one API key (hash, roles, owner) for authentication
// params: id
// mode: read
MATCH (k:ApiKey {id: $id})-[:OWNED_BY]->(u:User)
RETURN k.id AS id, k.name AS name, k.roles AS roles, k.key_hash AS key_hash,
       coalesce(k.disabled, false) OR coalesce(u.disabled, false) AS disabled, u.id AS owner
