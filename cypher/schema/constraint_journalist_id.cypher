// purpose: every Journalist has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT journalist_id IF NOT EXISTS
FOR (n:Journalist) REQUIRE n.id IS UNIQUE
