// purpose: take the audit chain's write lock (SET) and read its head; first call creates the chain
// params: none
// mode: write
MERGE (c:AuditChain {id: 'main'})
  ON CREATE SET c.seq = 0, c.head = ''
SET c.locked_at = datetime()
RETURN c.seq AS seq, c.head AS head
