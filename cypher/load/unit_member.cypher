// purpose: add a user to a unit or remove them (MEMBER_OF); returns a row when both exist. A unit officer
//          (role unit_officer) is bound to one unit: while they belong to another, nothing is added (refused)
// params: unit_id, user_id, member
// mode: write
MATCH (u:Unit {id: $unit_id}), (usr:User {id: $user_id})
WITH u, usr, ($member AND 'unit_officer' IN coalesce(usr.roles, [])
              AND EXISTS { MATCH (usr)-[:MEMBER_OF]->(o:Unit) WHERE o <> u }) AS refused
CALL (u, usr, refused) {
  WITH u, usr WHERE $member AND NOT refused
  MERGE (usr)-[m:MEMBER_OF]->(u)
    ON CREATE SET m.since = datetime()
}
CALL (u, usr) {
  WITH u, usr WHERE NOT $member
  MATCH (usr)-[m:MEMBER_OF]->(u)
  DELETE m
}
RETURN u.id AS unit_id, usr.id AS user_id, refused
