// purpose: delete every node and relationship, in batches (tests and `lantoa db wipe` only)
// params: none
// mode: write
MATCH (n)
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS
