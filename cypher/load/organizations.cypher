// purpose: canonical organisations (the province's agencies) with their aliases
// params: rows
// mode: write
// row_keys: id, name
UNWIND $rows AS row
MERGE (o:Organization {id: row.id})
SET o.name = row.name, o.aliases = row.aliases, o.aliases_text = row.aliases_text, o.kind = row.kind,
    o.local = true
