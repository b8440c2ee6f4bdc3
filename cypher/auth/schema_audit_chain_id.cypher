// purpose: a single audit chain head (concurrent MERGEs cannot make two)
// params: none
// mode: schema
CREATE CONSTRAINT auth_audit_chain_id IF NOT EXISTS FOR (c:AuditChain) REQUIRE c.id IS UNIQUE
