// purpose: upsert government spokespeople (Decree 09/2017) and the agency each speaks for
// params: rows
// mode: write
// row_keys: id, name, agency_id
// row: {id, name, title, phone, email, agency_id, agency_name, since, decision_ref, accounts: [account id],
//       updated_at, updated_by}
UNWIND $rows AS row
MERGE (s:Spokesperson {id: row.id})
SET s.name = row.name, s.title = row.title, s.phone = row.phone, s.email = row.email,
    s.registry_updated_at = datetime(row.updated_at), s.registry_updated_by = row.updated_by
MERGE (org:Organization {id: row.agency_id})
  ON CREATE SET org.name = coalesce(row.agency_name, row.agency_id), org.kind = 'agency'
SET org.name = coalesce(row.agency_name, org.name)
WITH s, org, row
OPTIONAL MATCH (s)-[old:SPEAKS_FOR]->(other:Organization) WHERE other <> org
DELETE old
MERGE (s)-[r:SPEAKS_FOR]->(org)
SET r.since = row.since, r.decision_ref = row.decision_ref
WITH DISTINCT s, row
CALL (s, row) {
  UNWIND coalesce(row.accounts, []) AS acc_id
  MATCH (a:Account {id: acc_id})
  MERGE (a)-[:OWNED_BY]->(s)
}
