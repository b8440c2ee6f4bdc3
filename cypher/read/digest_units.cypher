// purpose: units with alerts routed to them in a window (one local day) and a delivery channel, for the digest
// params: since, until
// mode: read
MATCH (al:Alert)-[r:ROUTED_TO]->(u:Unit)
WHERE r.routed_at >= datetime($since) AND r.routed_at < datetime($until)
  AND (u.email IS NOT NULL OR u.webhook_url IS NOT NULL)
RETURN u.id AS unit_id, u.email IS NOT NULL AS has_email, u.webhook_url IS NOT NULL AS has_webhook,
       count(DISTINCT al) AS alerts
ORDER BY unit_id
