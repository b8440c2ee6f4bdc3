// purpose: whether a user belongs to a unit (or to the information unit, which sees every unit)
// params: user_id, unit_id, info_unit
// mode: read
OPTIONAL MATCH (usr:User {id: $user_id})-[:MEMBER_OF]->(u:Unit)
WHERE u.id IN [$unit_id, $info_unit]
RETURN count(u) > 0 AS allowed, EXISTS { MATCH (:Unit {id: $unit_id}) } AS unit_exists
