// purpose: influence figures of outlets (their articles as cascade items) from one influence run
// params: rows
// mode: write
// row_keys: id, run
UNWIND $rows AS row
MATCH (o:Outlet {id: row.id})
SET o.pagerank = row.pagerank, o.rank = row.rank, o.influence = row.influence, o.bridge = row.bridge,
    o.kcore = row.kcore, o.reach = row.reach, o.spread = row.spread, o.community_id = row.community_id,
    o.influence_run = row.run
