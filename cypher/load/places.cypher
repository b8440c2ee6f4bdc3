// purpose: canonical places of the province (current and former units) from the official 2025 tables
// params: rows
// mode: write
// row_keys: id, name, level
UNWIND $rows AS row
MERGE (p:Place {id: row.id})
SET p.name = row.name, p.admin_code = row.admin_code, p.level = row.level, p.aliases = row.aliases,
    p.aliases_text = row.aliases_text, p.current = row.current, p.current_unit = row.current_unit
