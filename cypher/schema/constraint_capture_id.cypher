// purpose: every Capture has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT capture_id IF NOT EXISTS
FOR (n:Capture) REQUIRE n.id IS UNIQUE
