// purpose: recreate a batch of backed-up nodes with their labels and properties; returns old key -> new element id
// params: rows
// mode: write
// row: {k, labels: [label], props: {…}}
UNWIND $rows AS r
CREATE (n:$(r.labels))
SET n = r.props
RETURN r.k AS k, elementId(n) AS e
