// purpose: one unit's delivery contacts (email, webhook URL)
// params: id
// mode: read
MATCH (u:Unit {id: $id})
RETURN u.id AS id, u.email AS email, u.webhook_url AS webhook_url
