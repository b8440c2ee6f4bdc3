// purpose: remove analysis-made story memberships and rankings of earlier batches (after a batch finished)
// params: runs
// mode: write
// commit: auto
// note: CALL … IN TRANSACTIONS commits its own batches, so it runs auto-commit (GraphWriter.run_in_transactions)
MATCH (:Post|Article)-[r:PART_OF]->(:Story)
WHERE r.run IS NOT NULL AND NOT r.run IN $runs
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 10000 ROWS
