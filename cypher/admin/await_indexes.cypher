// purpose: wait until every index is online (after applying the schema)
// params: none
// mode: schema
CALL db.awaitIndexes(300)
