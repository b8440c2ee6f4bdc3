// purpose: every Person has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT person_id IF NOT EXISTS
FOR (n:Person) REQUIRE n.id IS UNIQUE
