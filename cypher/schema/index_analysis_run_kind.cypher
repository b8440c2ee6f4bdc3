// purpose: range index on AnalysisRun.kind
// params: none
// mode: schema
CREATE RANGE INDEX analysis_run_kind IF NOT EXISTS
FOR (n:AnalysisRun) ON (n.kind)
