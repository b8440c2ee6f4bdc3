// purpose: record the outcome of one delivery attempt: sent (with the time), failed (next attempt) or abandoned
// params: rows
// mode: write
// row_keys: id, status, at
// row: {id, status: sent|failed|abandoned, at, error, next_attempt_at}
UNWIND $rows AS row
MATCH (d:Delivery {id: row.id})
WHERE d.status = 'sending'
SET d.status = row.status, d.last_attempt_at = datetime(row.at), d.last_error = row.error,
    d.sent_at = CASE WHEN row.status = 'sent' THEN datetime(row.at) ELSE d.sent_at END,
    d.next_attempt_at = CASE WHEN row.next_attempt_at IS NULL THEN d.next_attempt_at
                             ELSE datetime(row.next_attempt_at) END
