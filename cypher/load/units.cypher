// purpose: upsert the province's units (departments, communes/wards) with the place they cover and the
//          organisations they watch; contacts (email, webhook) are kept as the operator set them
// params: rows
// mode: write
// row_keys: id, name, kind
// row: {id, name, kind: department|commune, place_id, org_id, watch_orgs: [org id], watch_org_names,
//       watch_topics: [topic id], watch_keywords: [str]}
UNWIND $rows AS row
MERGE (u:Unit {id: row.id})
  ON CREATE SET u.created_at = datetime()
SET u.name = row.name, u.kind = row.kind, u.place_id = row.place_id, u.org_id = row.org_id,
    u.watch_topics = row.watch_topics, u.watch_keywords = row.watch_keywords, u.watch_orgs = row.watch_orgs,
    u.updated_at = datetime()
WITH u, row
CALL (u, row) {
  MATCH (u)-[old:COVERS|WATCHES]->()
  DELETE old
}
CALL (u, row) {
  WITH u, row WHERE row.place_id IS NOT NULL
  MATCH (p:Place {id: row.place_id})
  MERGE (u)-[:COVERS]->(p)
}
CALL (u, row) {
  UNWIND range(0, size(row.watch_orgs) - 1) AS k
  MERGE (o:Organization {id: row.watch_orgs[k]})
    ON CREATE SET o.name = row.watch_org_names[k], o.aliases = [row.watch_org_names[k]],
                  o.aliases_text = row.watch_org_names[k], o.local = true
  MERGE (u)-[:WATCHES]->(o)
}
