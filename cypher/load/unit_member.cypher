// purpose: add a user to a unit or remove them (MEMBER_OF); returns a row when both exist
// params: unit_id, user_id, member
// mode: write
MATCH (u:Unit {id: $unit_id}), (usr:User {id: $user_id})
CALL (u, usr) {
  WITH u, usr WHERE $member
  MERGE (usr)-[m:MEMBER_OF]->(u)
    ON CREATE SET m.since = datetime()
}
CALL (u, usr) {
  WITH u, usr WHERE NOT $member
  MATCH (usr)-[m:MEMBER_OF]->(u)
  DELETE m
}
RETURN u.id AS unit_id, usr.id AS user_id
