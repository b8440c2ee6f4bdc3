// purpose: one Decision node per id (handling decisions on stories, issue 7)
// params: none
// mode: schema
CREATE CONSTRAINT decision_id IF NOT EXISTS FOR (d:Decision) REQUIRE d.id IS UNIQUE
