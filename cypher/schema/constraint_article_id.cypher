// purpose: every Article has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT article_id IF NOT EXISTS
FOR (n:Article) REQUIRE n.id IS UNIQUE
