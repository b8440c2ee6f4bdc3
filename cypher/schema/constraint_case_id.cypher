// purpose: every Case has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT case_id IF NOT EXISTS
FOR (n:Case) REQUIRE n.id IS UNIQUE
