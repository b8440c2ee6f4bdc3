// purpose: remove Ranking nodes of earlier analysis batches (their RANKS edges go with them)
// params: runs
// mode: write
// commit: auto
// note: CALL … IN TRANSACTIONS commits its own batches, so it runs auto-commit (GraphWriter.run_in_transactions)
MATCH (k:Ranking)
WHERE NOT k.run IN $runs
CALL (k) {
  DETACH DELETE k
} IN TRANSACTIONS OF 1000 ROWS
