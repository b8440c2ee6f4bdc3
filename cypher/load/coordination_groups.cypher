// purpose: coordinated groups of one coordination run, their members and pairwise COORDINATES_WITH edges
// params: rows
// mode: write
// row_keys: id, run
UNWIND $rows AS row
MERGE (g:CoordinationGroup {id: row.id})
SET g.run = row.run, g.size = row.size, g.window_s = row.window_s, g.by = row.by, g.n_keys = row.n_keys,
    g.evidence = row.evidence
WITH g, row
CALL (g, row) {
  UNWIND row.accounts AS acc_id
  MATCH (a:Account {id: acc_id})
  MERGE (a)-[m:IN_GROUP]->(g)
  SET m.run = row.run
}
CALL (row) {
  UNWIND row.edges AS e
  MATCH (s:Account {id: e.source})
  MATCH (t:Account {id: e.target})
  MERGE (s)-[c:COORDINATES_WITH]->(t)
  SET c.weight = e.weight, c.group = row.id, c.run = row.run
}
