// purpose: earlier feedback with the same fingerprint (duplicate detection)
// params: fingerprint
// mode: read
MATCH (f:Feedback {fingerprint: $fingerprint})
RETURN f.id AS id, f.received_at AS received_at
ORDER BY received_at DESC
LIMIT 5
