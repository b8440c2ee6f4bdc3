// purpose: chain scorecard: every coordinated group found and its member accounts
// params: none
// mode: read
MATCH (a:Account)-[:IN_GROUP]->(g:CoordinationGroup)
RETURN g.id AS group_id, collect(a.id) AS accounts
ORDER BY group_id
