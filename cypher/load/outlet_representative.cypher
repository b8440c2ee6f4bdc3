// purpose: bind a user to the outlet they report for (REPORTS_FOR) or unbind them; returns a row when both exist.
//          A representative is bound to one outlet: while bound to another, nothing is added (refused)
// params: outlet_id, user_id, member
// mode: write
MATCH (o:Outlet {id: $outlet_id}), (usr:User {id: $user_id})
WITH o, usr, ($member AND EXISTS { MATCH (usr)-[:REPORTS_FOR]->(x:Outlet) WHERE x <> o }) AS refused
CALL (o, usr, refused) {
  WITH o, usr WHERE $member AND NOT refused
  MERGE (usr)-[m:REPORTS_FOR]->(o)
    ON CREATE SET m.since = datetime()
}
CALL (o, usr) {
  WITH o, usr WHERE NOT $member
  MATCH (usr)-[m:REPORTS_FOR]->(o)
  DELETE m
}
RETURN o.id AS outlet_id, usr.id AS user_id, refused
