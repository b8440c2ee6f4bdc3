// purpose: upsert outlets from the sources registry (idempotent)
// params: rows
// mode: write
// row_keys: id
// row: {id, name, kind, level, licence, url, revisit_minutes}
UNWIND $rows AS row
MERGE (o:Outlet {id: row.id})
SET o.name = coalesce(row.name, o.name, row.id),
    o.kind = coalesce(row.kind, o.kind),
    o.level = coalesce(row.level, o.level),
    o.licence = coalesce(row.licence, o.licence),
    o.url = coalesce(row.url, o.url),
    o.revisit_minutes = row.revisit_minutes
