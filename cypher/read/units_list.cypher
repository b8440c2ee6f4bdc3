// purpose: the units (optionally of one kind) with their contacts' presence, members and routed alerts
// params: kind
// mode: read
MATCH (u:Unit)
WHERE $kind = '' OR u.kind = $kind
RETURN u.id AS id, u.name AS name, u.kind AS kind, u.place_id AS place_id, u.org_id AS org_id,
       u.email IS NOT NULL AS has_email, u.webhook_url IS NOT NULL AS has_webhook,
       coalesce(u.former_names, []) AS former_names, coalesce(u.watch_topics, []) AS topics,
       COUNT { (:User)-[:MEMBER_OF]->(u) } AS members, COUNT { (:Alert)-[:ROUTED_TO]->(u) } AS alerts
ORDER BY u.kind DESC, u.name
