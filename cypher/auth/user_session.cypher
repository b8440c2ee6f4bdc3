// purpose: what every token check needs about its user: disabled or not, and the session epoch tokens must carry
// params: id
// mode: read
MATCH (u:User {id: $id})
RETURN coalesce(u.disabled, false) AS disabled, u.session_epoch AS session
