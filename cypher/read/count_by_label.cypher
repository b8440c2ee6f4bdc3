// purpose: node counts by label (each label counted through its label index)
// params: none
// mode: read
CALL db.labels() YIELD label
CALL (label) {
  MATCH (n:$(label))
  RETURN count(n) AS count
}
RETURN label, count
