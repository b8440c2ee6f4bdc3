// purpose: remove Ranking nodes of earlier analysis batches (their RANKS edges go with them)
// params: runs
// mode: write
MATCH (k:Ranking)
WHERE NOT k.run IN $runs
CALL (k) {
  DETACH DELETE k
} IN TRANSACTIONS OF 1000 ROWS
