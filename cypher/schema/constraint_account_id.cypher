// purpose: every Account has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT account_id IF NOT EXISTS
FOR (n:Account) REQUIRE n.id IS UNIQUE
