// purpose: the audit chain head (seq and hash of the last event)
// params: none
// mode: read
OPTIONAL MATCH (c:AuditChain {id: 'main'})
RETURN coalesce(c.seq, 0) AS seq, coalesce(c.head, '') AS head
