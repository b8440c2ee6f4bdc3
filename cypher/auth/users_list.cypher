// purpose: every user without secrets
// params: none
// mode: read
MATCH (u:User)
RETURN u.id AS id, u.name AS name, u.roles AS roles, coalesce(u.disabled, false) AS disabled,
       toString(u.created_at) AS created_at
ORDER BY u.id
