// purpose: claim one delivery for sending (after delivery_lock in the same transaction) when it is still due;
//          returns nothing when another pass claimed or sent it
// params: id, now, stale_before
// mode: write
MATCH (d:Delivery {id: $id})
WHERE (d.status IN ['pending', 'failed'] AND d.next_attempt_at <= datetime($now))
   OR (d.status = 'sending' AND d.claimed_at < datetime($stale_before))
SET d.status = 'sending', d.claimed_at = datetime($now), d.attempts = coalesce(d.attempts, 0) + 1
RETURN d.id AS id, d.attempts AS attempts
