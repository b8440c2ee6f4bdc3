// purpose: the latest finished analysis run of one kind (the API shows its results)
// params: kind
// mode: read
MATCH (r:AnalysisRun {kind: $kind})
WHERE coalesce(r.status, 'done') <> 'failed'
RETURN r.id AS id, r.kind AS kind, toString(r.at) AS at, r.status AS status, r.batch AS batch,
       toString(r.window_start) AS window_start, toString(r.window_end) AS window_end
ORDER BY r.at DESC, r.id DESC
LIMIT 1
