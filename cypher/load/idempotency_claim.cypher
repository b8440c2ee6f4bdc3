// purpose: claim a client's Idempotency-Key inside the transaction of the write it guards: the first request
//          creates the key (operation, target, request fingerprint, who, when) and commits it with its write; a
//          retry (or a concurrent twin, which waits on the key's uniqueness lock) finds it and writes nothing
// params: id, operation, target, fingerprint, principal, at, claim
// mode: write
MERGE (k:IdempotencyKey {id: $id})
  ON CREATE SET k.operation = $operation, k.target = $target, k.fingerprint = $fingerprint,
                k.principal = $principal, k.at = datetime($at), k.claim = $claim
RETURN k.claim = $claim AS fresh, k.operation AS operation, k.target AS target, k.fingerprint AS fingerprint
