// purpose: store an integration API key (SHA-256 of the secret only) owned by a user
// params: rows
// mode: write
// row_keys: id, key_hash, owner
// row: {id, name, roles: [role], key_hash, owner, disabled}
UNWIND $rows AS row
MATCH (u:User {id: row.owner})
MERGE (k:ApiKey {id: row.id})
  ON CREATE SET k.created_at = datetime()
SET k.name = row.name, k.roles = row.roles, k.key_hash = row.key_hash, k.disabled = coalesce(row.disabled, false)
MERGE (k)-[:OWNED_BY]->(u)
