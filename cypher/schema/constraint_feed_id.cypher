// purpose: every Feed has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT feed_id IF NOT EXISTS
FOR (n:Feed) REQUIRE n.id IS UNIQUE
