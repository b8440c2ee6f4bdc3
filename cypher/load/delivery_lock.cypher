// purpose: take the write lock on one delivery (held until the transaction ends) before it is claimed
// params: id
// mode: write
MATCH (d:Delivery {id: $id})
SET d.lock_seq = coalesce(d.lock_seq, 0) + 1
RETURN d.id AS id
