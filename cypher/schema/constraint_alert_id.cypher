// purpose: every Alert has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT alert_id IF NOT EXISTS
FOR (n:Alert) REQUIRE n.id IS UNIQUE
