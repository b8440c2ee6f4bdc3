// purpose: one user with its password hash (for login) and its current session epoch
// params: id
// mode: read
MATCH (u:User {id: $id})
RETURN u.id AS id, u.name AS name, u.roles AS roles, u.password_hash AS password_hash,
       coalesce(u.disabled, false) AS disabled, u.session_epoch AS session
