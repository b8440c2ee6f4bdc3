// purpose: one early-warning alert with its status and the story it is on
// params: id
// mode: read
MATCH (al:Alert {id: $id})
OPTIONAL MATCH (al)-[:ON]->(s:Story)
RETURN al.id AS id, al.created_at AS created_at, al.level AS level, al.kind AS kind, al.title AS title,
       coalesce(al.reasons, []) AS reasons, al.status AS status, al.status_by AS status_by,
       al.status_at AS status_at, al.status_note AS status_note, al.scope AS scope, s.id AS story_id
