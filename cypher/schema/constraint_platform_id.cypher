// purpose: every Platform has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT platform_id IF NOT EXISTS
FOR (n:Platform) REQUIRE n.id IS UNIQUE
