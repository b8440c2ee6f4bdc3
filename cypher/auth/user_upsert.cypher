// purpose: create or update users (argon2 hash by the caller, never a plain password); a new session epoch ends older tokens
// params: rows
// mode: write
// row_keys: id, password_hash, session_epoch
// row: {id, name, roles: [role], password_hash, disabled, session_epoch}
UNWIND $rows AS row
MERGE (u:User {id: row.id})
  ON CREATE SET u.created_at = datetime()
SET u.name = coalesce(row.name, u.name, row.id),
    u.roles = row.roles,
    u.password_hash = row.password_hash,
    u.disabled = coalesce(row.disabled, false),
    u.session_epoch = row.session_epoch,
    u.updated_at = datetime()
