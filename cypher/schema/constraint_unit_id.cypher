// purpose: every Unit (a department or commune as a user of alerts) has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT unit_id IF NOT EXISTS
FOR (n:Unit) REQUIRE n.id IS UNIQUE
