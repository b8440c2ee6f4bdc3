// purpose: pen names resolved to one identity: a crawled byline SAME_AS the fuller name it ends at the same outlet,
// with the evidence (graph/analytics/identity.py); links made by an earlier pass that no longer hold are left to
// the caller (read/journalist_names is read afresh each time)
// params: rows
// mode: write
// row_keys: alias_id, canonical_id
// row: {alias_id, canonical_id, outlet_id, reason}
UNWIND $rows AS row
MATCH (a:Journalist {id: row.alias_id})
MATCH (c:Journalist {id: row.canonical_id})
MERGE (a)-[s:SAME_AS]->(c)
SET s.method = 'pen_name', s.outlet_id = row.outlet_id, s.reason = row.reason
