// purpose: accounts (and outlets) in the communities of one communities run
// params: rows
// mode: write
// row_keys: member_id, community_id, run
UNWIND $rows AS row
MATCH (c:Community {id: row.community_id})
CALL (row) {
  OPTIONAL MATCH (a:Account {id: row.member_id})
  OPTIONAL MATCH (o:Outlet {id: row.outlet_id})
  RETURN coalesce(a, o) AS m
}
WITH c, m, row WHERE m IS NOT NULL
MERGE (m)-[rel:IN_COMMUNITY]->(c)
SET rel.run = row.run, rel.stability = row.stability
