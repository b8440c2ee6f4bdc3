// purpose: upsert outlets from the press registry (licence, governing agency, level) and the accounts they own
// params: rows
// mode: write
// row_keys: id
// row: {id: host, name, kind, level, licence, licence_no, licence_date, agency, address, url, accounts: [account id],
//       updated_at, updated_by}
UNWIND $rows AS row
MERGE (o:Outlet {id: row.id})
SET o.name = coalesce(row.name, o.name, row.id),
    o.kind = coalesce(row.kind, o.kind),
    o.level = coalesce(row.level, o.level),
    o.licence = coalesce(row.licence, o.licence),
    o.licence_no = coalesce(row.licence_no, o.licence_no),
    o.licence_date = coalesce(row.licence_date, o.licence_date),
    o.agency = coalesce(row.agency, o.agency),
    o.address = coalesce(row.address, o.address),
    o.url = coalesce(row.url, o.url),
    o.registered = true,
    o.registry_updated_at = datetime(row.updated_at),
    o.registry_updated_by = row.updated_by
WITH o, row
CALL (o, row) {
  UNWIND coalesce(row.accounts, []) AS acc_id
  MATCH (a:Account {id: acc_id})
  MERGE (a)-[:OWNED_BY]->(o)
}
