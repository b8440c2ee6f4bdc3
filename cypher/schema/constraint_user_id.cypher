// purpose: every User has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT user_id IF NOT EXISTS
FOR (n:User) REQUIRE n.id IS UNIQUE
