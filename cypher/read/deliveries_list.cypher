// purpose: deliveries (optionally of one status), newest first, with attempts and the last error
// params: status, limit
// mode: read
MATCH (d:Delivery)
WHERE $status = '' OR d.status = $status
RETURN d.id AS id, d.purpose AS purpose, d.channel AS channel, d.status AS status,
       coalesce(d.attempts, 0) AS attempts, toString(d.sent_at) AS sent_at, d.last_error AS last_error,
       toString(d.next_attempt_at) AS next_attempt_at
ORDER BY d.created_at DESC, d.id
LIMIT $limit
