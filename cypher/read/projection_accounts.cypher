// purpose: accounts with their follower counts and names (node attributes for the analyses)
// params: none
// mode: read
MATCH (a:Account)
RETURN a.id AS id, coalesce(a.followers, 0) AS followers, coalesce(a.name, a.handle, a.id) AS name,
       coalesce(a.in_scope, true) AS in_scope
