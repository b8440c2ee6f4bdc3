// purpose: every Spokesperson has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT spokesperson_id IF NOT EXISTS
FOR (n:Spokesperson) REQUIRE n.id IS UNIQUE
