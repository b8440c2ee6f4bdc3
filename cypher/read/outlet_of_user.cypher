// purpose: the outlet a user reports for (an outlet_reporter is bound to one)
// params: user_id
// mode: read
MATCH (:User {id: $user_id})-[:REPORTS_FOR]->(o:Outlet)
RETURN o.id AS id, o.name AS name
ORDER BY id
