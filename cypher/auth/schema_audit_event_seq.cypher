// purpose: audit events are numbered without gaps or duplicates
// params: none
// mode: schema
CREATE CONSTRAINT auth_audit_event_seq IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.seq IS UNIQUE
