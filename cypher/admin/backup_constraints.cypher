// purpose: list the database's constraints (recorded in a backup's schema file and compared after restore)
// params: none
// mode: read
SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties, createStatement
RETURN name, type, entityType, labelsOrTypes, properties, createStatement
ORDER BY name
