// purpose: stream every node (its element id, labels and properties) for an online backup export
// params: none
// mode: read
MATCH (n)
RETURN elementId(n) AS k, labels(n) AS labels, properties(n) AS props
