// purpose: chain scorecard: every early-warning alert with when it was first raised, its level and subject
// params: none
// mode: read
MATCH (al:Alert)
OPTIONAL MATCH (al)-[:ON]->(s:Story)
RETURN al.id AS id, toString(al.created_at) AS created_at, al.level AS level, al.kind AS kind, al.scope AS scope,
       head(collect(s.id)) AS story_id
ORDER BY created_at, id
