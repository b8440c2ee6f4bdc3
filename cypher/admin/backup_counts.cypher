// purpose: count all nodes and relationships (a backup's manifest and the restore check)
// params: none
// mode: read
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
