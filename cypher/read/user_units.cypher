// purpose: the units a user belongs to
// params: user_id
// mode: read
MATCH (:User {id: $user_id})-[:MEMBER_OF]->(u:Unit)
RETURN u.id AS id, u.name AS name, u.kind AS kind, u.place_id AS place_id, u.org_id AS org_id
ORDER BY u.kind, u.name
