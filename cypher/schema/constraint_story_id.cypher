// purpose: every Story has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT story_id IF NOT EXISTS
FOR (n:Story) REQUIRE n.id IS UNIQUE
