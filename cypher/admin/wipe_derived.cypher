// purpose: delete what the analysis, the warning pass and inspectors' decisions derived (stories, alerts, communities,
// rankings, coordination groups, runs, decisions), keeping what was loaded and annotated; for re-scoring a loaded
// world (`lantoa evaluate world --reuse-loaded`), never in production
// params: none
// mode: write
// commit: auto
// note: CALL … IN TRANSACTIONS commits its own batches, so it runs auto-commit (GraphWriter.run_in_transactions)
MATCH (n)
WHERE n:Story OR n:Alert OR n:Community OR n:Ranking OR n:CoordinationGroup OR n:AnalysisRun OR n:Decision
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS
