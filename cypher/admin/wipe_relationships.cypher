// purpose: delete every relationship in batches (a dense node's edges would not fit one transaction's memory)
// params: none
// mode: write
// commit: auto
// note: CALL … IN TRANSACTIONS commits its own batches, so it runs auto-commit (GraphWriter.run_in_transactions)
MATCH ()-[r]->()
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 20000 ROWS
