// purpose: every Ranking has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT ranking_id IF NOT EXISTS
FOR (n:Ranking) REQUIRE n.id IS UNIQUE
