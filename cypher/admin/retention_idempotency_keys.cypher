// purpose: delete (at most $limit) Idempotency-Keys claimed before $cutoff (a client retries within minutes;
//          the key only has to outlive the retries)
// params: cutoff, limit
// mode: write
MATCH (k:IdempotencyKey)
WHERE k.at < datetime($cutoff)
WITH k LIMIT $limit
DELETE k
RETURN count(*) AS deleted
