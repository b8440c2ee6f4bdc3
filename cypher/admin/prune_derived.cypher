// purpose: remove derived relationships and rankings left by earlier analysis batches (after a batch finished)
// params: runs
// mode: write
// commit: auto
// note: CALL … IN TRANSACTIONS commits its own batches, so it runs auto-commit (GraphWriter.run_in_transactions)
MATCH ()-[r:AMPLIFIES|COORDINATES_WITH|IN_COMMUNITY|CASCADE_PARENT|IN_GROUP|RANKS]->()
WHERE r.run IS NOT NULL AND NOT r.run IN $runs
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 10000 ROWS
