// purpose: set units' delivery contacts (email address, webhook URL; null clears one); returns the units found
// params: rows
// mode: write
UNWIND $rows AS row
MATCH (u:Unit {id: row.id})
SET u.email = row.email, u.webhook_url = row.webhook_url
RETURN u.id AS id
