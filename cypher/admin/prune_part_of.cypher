// purpose: remove analysis-made story memberships and rankings of earlier batches (after a batch finished)
// params: runs
// mode: write
MATCH (:Post|Article)-[r:PART_OF]->(:Story)
WHERE r.run IS NOT NULL AND NOT r.run IN $runs
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 10000 ROWS
