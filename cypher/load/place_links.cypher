// purpose: PART_OF (administrative parent) and BECAME (2025 reform: former unit → current unit) between places
// params: rows
// mode: write
// row_keys: id
UNWIND $rows AS row
MATCH (p:Place {id: row.id})
CALL (p, row) {
  WITH p, row WHERE row.part_of IS NOT NULL
  MATCH (parent:Place {id: row.part_of})
  MERGE (p)-[:PART_OF]->(parent)
}
CALL (p, row) {
  UNWIND coalesce(row.became, []) AS target_id
  MATCH (t:Place {id: target_id})
  MERGE (p)-[:BECAME]->(t)
}
