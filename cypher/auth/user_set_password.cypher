// purpose: a user's new password (argon2 hash computed by the caller) and a new session epoch ending every token
// params: rows
// mode: write
// row_keys: id, password_hash, session_epoch
// row: {id, password_hash, session_epoch}
UNWIND $rows AS row
MATCH (u:User {id: row.id})
SET u.password_hash = row.password_hash, u.session_epoch = row.session_epoch, u.updated_at = datetime(),
    u.password_changed_at = datetime()
