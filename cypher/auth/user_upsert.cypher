// purpose: create or update users (argon2 hash computed by the caller; never a plain password)
// params: rows
// mode: write
// row_keys: id, password_hash
// row: {id, name, roles: [role], password_hash, disabled}
UNWIND $rows AS row
MERGE (u:User {id: row.id})
  ON CREATE SET u.created_at = datetime()
SET u.name = coalesce(row.name, u.name, row.id),
    u.roles = row.roles,
    u.password_hash = row.password_hash,
    u.disabled = coalesce(row.disabled, false),
    u.updated_at = datetime()
