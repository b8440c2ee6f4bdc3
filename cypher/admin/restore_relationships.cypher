// purpose: recreate a batch of backed-up relationships between restored nodes (ends given by new element ids)
// params: rows
// mode: write
// row: {s, e, type, props: {…}}
UNWIND $rows AS r
MATCH (a) WHERE elementId(a) = r.s
MATCH (b) WHERE elementId(b) = r.e
CREATE (a)-[x:$(r.type)]->(b)
SET x = r.props
RETURN count(x) AS created
