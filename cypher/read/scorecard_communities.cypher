// purpose: chain scorecard: the community of each account (IN_COMMUNITY of the stored communities run)
// params: none
// mode: read
MATCH (a:Account)-[:IN_COMMUNITY]->(c:Community)
RETURN a.id AS account, c.id AS community
ORDER BY account
