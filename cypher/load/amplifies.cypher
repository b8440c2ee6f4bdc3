// purpose: derived AMPLIFIES edges (resharer → original author) of one influence run
// params: rows
// mode: write
// row_keys: source, target, run
UNWIND $rows AS row
MATCH (s:Account {id: row.source})
MATCH (t:Account {id: row.target})
MERGE (s)-[r:AMPLIFIES]->(t)
SET r.count = row.count, r.first_at = CASE WHEN row.first_at IS NULL THEN null ELSE datetime(row.first_at) END,
    r.run = row.run
