// purpose: record the start of one analysis run of a kind (what, when, with which parameters and code)
// params: rows
// mode: write
// row_keys: id, kind
UNWIND $rows AS row
MERGE (r:AnalysisRun {id: row.id})
SET r.kind = row.kind, r.batch = row.batch, r.at = datetime(row.at), r.params = row.params,
    r.code_version = row.code_version, r.window_start = datetime(row.window_start),
    r.window_end = datetime(row.window_end), r.status = 'running'
