// purpose: stream every relationship (element ids of its ends, type, properties) for an online backup export
// params: none
// mode: read
MATCH (a)-[r]->(b)
RETURN elementId(r) AS k, elementId(a) AS s, elementId(b) AS e, type(r) AS type, properties(r) AS props
