// purpose: every unit with its watchlist (places with names, topics, organisations, keywords) and which delivery
//          channels it has, for routing
// params: none
// mode: read
MATCH (u:Unit)
OPTIONAL MATCH (u)-[:WATCHES]->(p:Place)
WITH u, collect({id: p.id, name: p.name}) AS places
OPTIONAL MATCH (u)-[:WATCHES]->(o:Organization)
WITH u, places, collect({id: o.id, name: o.name}) AS orgs
RETURN u.id AS id, u.name AS name, u.kind AS kind, u.place_id AS place_id, places, orgs,
       coalesce(u.watch_topics, []) AS topics, coalesce(u.watch_keywords, []) AS keywords,
       u.email IS NOT NULL AS has_email, u.webhook_url IS NOT NULL AS has_webhook
ORDER BY u.kind DESC, u.id
