// purpose: list the database's indexes, lookup indexes included (recorded in a backup and compared after restore)
// params: none
// mode: read
SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint, createStatement
RETURN name, type, entityType, labelsOrTypes, properties, owningConstraint, createStatement
ORDER BY name
