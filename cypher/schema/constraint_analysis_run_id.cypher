// purpose: every AnalysisRun has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT analysis_run_id IF NOT EXISTS
FOR (n:AnalysisRun) REQUIRE n.id IS UNIQUE
