// purpose: delete every node, in batches (after admin/wipe_relationships, so no batch holds a dense node's edges)
// params: none
// mode: write
MATCH (n)
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS
