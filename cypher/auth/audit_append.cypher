// purpose: append one hash-chained audit event and move the chain head (only if the head is unchanged)
// params: seq, prev_seq, at, actor, roles, action, target, detail, ip, prev_hash, hash
// mode: write
MATCH (c:AuditChain {id: 'main'})
WHERE c.seq = $prev_seq AND c.head = $prev_hash
CREATE (e:AuditEvent {seq: $seq, at: $at, actor: $actor, roles: $roles, action: $action,
                      target: $target, detail: $detail, ip: $ip, prev_hash: $prev_hash, hash: $hash})
SET c.seq = $seq, c.head = $hash
RETURN e.seq AS seq
