// purpose: disable (or re-enable) one integration API key
// params: rows
// mode: write
// row_keys: id, disabled
// row: {id, disabled}
UNWIND $rows AS row
MATCH (k:ApiKey {id: row.id})
SET k.disabled = row.disabled, k.updated_at = datetime()
