// purpose: every Organization has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT organization_id IF NOT EXISTS
FOR (n:Organization) REQUIRE n.id IS UNIQUE
