// purpose: acknowledge or close early-warning alerts, recording who did it and when
// params: rows
// mode: write
// row_keys: id, status, by, at
// row: {id, status: acknowledged|closed|open, by, at, note}
UNWIND $rows AS row
MATCH (al:Alert {id: row.id})
SET al.status = row.status, al.status_by = row.by, al.status_at = datetime(row.at), al.status_note = row.note
