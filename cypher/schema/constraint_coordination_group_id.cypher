// purpose: every CoordinationGroup has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT coordination_group_id IF NOT EXISTS
FOR (n:CoordinationGroup) REQUIRE n.id IS UNIQUE
