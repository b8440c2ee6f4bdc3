// purpose: upsert journalists from the press registry: press card, resident reporter, outlet history (WORKS_FOR
//          with from/to), owned accounts, and SAME_AS links from crawled bylines with the same name at the same outlet
// params: rows
// mode: write
// row_keys: id, name
// row: {id, name, aliases: [str], press_card_no, press_card_expires, resident, resident_area, outlet_id,
//       history: [{outlet_id, from, to, role, resident}], accounts: [account id], updated_at, updated_by}
UNWIND $rows AS row
MERGE (j:Journalist {id: row.id})
SET j.name = row.name,
    j.aliases = coalesce(row.aliases, []),
    j.press_card_no = row.press_card_no,
    j.press_card_expires = row.press_card_expires,
    j.resident = coalesce(row.resident, false),
    j.resident_area = row.resident_area,
    j.registered = true,
    j.registry_updated_at = datetime(row.updated_at),
    j.registry_updated_by = row.updated_by
WITH j, row
CALL (j, row) {
  UNWIND coalesce(row.history, []) AS h
  MERGE (o:Outlet {id: h.outlet_id})
    ON CREATE SET o.name = h.outlet_id
  MERGE (j)-[w:WORKS_FOR]->(o)
  SET w.from = h.from, w.to = h.to, w.role = h.role, w.resident = coalesce(h.resident, false),
      w.current = h.to IS NULL, w.registry = true
}
CALL (j, row) {
  UNWIND coalesce(row.accounts, []) AS acc_id
  MATCH (a:Account {id: acc_id})
  MERGE (a)-[:OWNED_BY]->(j)
}
CALL (j, row) {
  MATCH (c:Journalist)-[:WORKS_FOR]->(o:Outlet)<-[:WORKS_FOR]-(j)
  WHERE c <> j AND coalesce(c.registered, false) = false
    AND toLower(c.name) IN [n IN [row.name] + coalesce(row.aliases, []) | toLower(n)]
  MERGE (c)-[:SAME_AS]->(j)
}
