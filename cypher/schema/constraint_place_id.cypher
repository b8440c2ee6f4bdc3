// purpose: every Place has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT place_id IF NOT EXISTS
FOR (n:Place) REQUIRE n.id IS UNIQUE
