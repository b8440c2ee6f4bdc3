// purpose: influence figures of accounts from one influence run (docs/graph-results.md)
// params: rows
// mode: write
// row_keys: id, run
UNWIND $rows AS row
MATCH (a:Account {id: row.id})
SET a.pagerank = row.pagerank, a.rank = row.rank, a.influence = row.influence, a.bridge = row.bridge,
    a.kcore = row.kcore, a.reach = row.reach, a.engagement = row.engagement, a.amplification = row.amplification,
    a.spread = row.spread, a.community_id = row.community_id, a.community_stability = row.community_stability,
    a.coordination_group = row.coordination_group, a.influence_run = row.run
