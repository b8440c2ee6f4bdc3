// purpose: sign a user out everywhere: a new session epoch, so every token issued before is refused
// params: rows
// mode: write
// row_keys: id, session_epoch
// row: {id, session_epoch}
UNWIND $rows AS row
MATCH (u:User {id: row.id})
SET u.session_epoch = row.session_epoch, u.sessions_revoked_at = datetime()
