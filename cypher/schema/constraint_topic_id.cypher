// purpose: every Topic has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT topic_id IF NOT EXISTS
FOR (n:Topic) REQUIRE n.id IS UNIQUE
