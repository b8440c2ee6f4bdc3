// purpose: delete every relationship in batches (a dense node's edges would not fit one transaction's memory)
// params: none
// mode: write
MATCH ()-[r]->()
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 20000 ROWS
