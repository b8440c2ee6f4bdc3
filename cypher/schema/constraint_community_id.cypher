// purpose: every Community has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT community_id IF NOT EXISTS
FOR (n:Community) REQUIRE n.id IS UNIQUE
