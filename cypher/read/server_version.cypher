// purpose: the Neo4j server's version and edition
// params: none
// mode: read
CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version, edition
