// purpose: influence rankings of one run by scope (window, platform, topic): Ranking nodes and RANKS edges
// params: rows
// mode: write
// row_keys: id, run, scope
UNWIND $rows AS row
MATCH (r:AnalysisRun {id: row.run})
MERGE (k:Ranking {id: row.id})
SET k.scope = row.scope, k.window = row.window, k.topic = row.topic, k.platform = row.platform,
    k.community_id = row.community_id, k.run = row.run
MERGE (k)-[:PRODUCED_BY]->(r)
WITH k, row
CALL (k, row) {
  UNWIND row.entries AS e
  MATCH (a:Account {id: e.account})
  MERGE (k)-[x:RANKS]->(a)
  SET x.rank = e.rank, x.score = e.score, x.pagerank = e.pagerank, x.reach = e.reach,
      x.engagement = e.engagement, x.amplification = e.amplification, x.bridge = e.bridge, x.kcore = e.kcore
}
