// purpose: enable or disable users without touching their password
// params: rows
// mode: write
// row_keys: id
// row: {id, disabled}
UNWIND $rows AS row
MATCH (u:User {id: row.id})
SET u.disabled = row.disabled, u.updated_at = datetime()
