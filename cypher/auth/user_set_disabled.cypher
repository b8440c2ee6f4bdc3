// purpose: enable or disable users without touching their password; a new session epoch ends every token
// params: rows
// mode: write
// row_keys: id, disabled, session_epoch
// row: {id, disabled, session_epoch}
UNWIND $rows AS row
MATCH (u:User {id: row.id})
SET u.disabled = row.disabled, u.session_epoch = row.session_epoch, u.updated_at = datetime()
