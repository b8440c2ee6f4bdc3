// purpose: a commune unit's watched places from the graph's links: its own place, every former place that
//          BECAME it (former communes; a former district that became several units is left out) and every place
//          PART_OF it; stored as WATCHES links and as watch_places / former_names on the unit
// params: rows
// mode: write
// row_keys: id
// row: {id}
UNWIND $rows AS row
MATCH (u:Unit {id: row.id})-[:COVERS]->(p:Place)
OPTIONAL MATCH (f:Place)-[:BECAME]->(p)
WHERE coalesce(f.level, '') <> 'former_district' OR COUNT { (f)-[:BECAME]->() } = 1
OPTIONAL MATCH (c:Place)-[:PART_OF]->(p)
WITH u, p, collect(DISTINCT f) AS former, collect(DISTINCT c) AS parts
WITH u, p, former, [p] + former + parts AS watched
CALL (u, watched) {
  UNWIND watched AS w
  MERGE (u)-[:WATCHES]->(w)
}
SET u.watch_places = [w IN watched | w.id], u.former_names = [f IN former | f.name]
