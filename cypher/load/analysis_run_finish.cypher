// purpose: close an analysis run with its outcome and summary figures
// params: rows
// mode: write
// row_keys: id, status
UNWIND $rows AS row
MATCH (r:AnalysisRun {id: row.id})
SET r.status = row.status, r.finished_at = datetime(row.finished_at), r.seconds = row.seconds,
    r.nodes = row.nodes, r.edges = row.edges, r.modularity = row.modularity, r.error = row.error
