// purpose: one IdempotencyKey node per (caller, operation, client key) token: concurrent retries of one write
//          serialise on this constraint, and the second finds the first's key (casework/idempotency.py)
// params: none
// mode: schema
CREATE CONSTRAINT idempotency_key_id IF NOT EXISTS FOR (k:IdempotencyKey) REQUIRE k.id IS UNIQUE
