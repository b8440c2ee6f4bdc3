// purpose: communities found by one communities run, with their description
// params: rows
// mode: write
// row_keys: id, run
UNWIND $rows AS row
MERGE (c:Community {id: row.id})
SET c.run = row.run, c.index = row.index, c.size = row.size, c.modularity = row.modularity,
    c.density = row.density, c.label = row.label, c.top_terms = row.top_terms, c.method = row.method,
    c.seed = row.seed, c.top_accounts = row.top_accounts, c.internal_weight = row.internal_weight,
    c.external_weight = row.external_weight
WITH c, row
MATCH (r:AnalysisRun {id: row.run})
MERGE (c)-[:PRODUCED_BY]->(r)
