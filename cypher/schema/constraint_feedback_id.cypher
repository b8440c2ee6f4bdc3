// purpose: every Feedback has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT feedback_id IF NOT EXISTS
FOR (n:Feedback) REQUIRE n.id IS UNIQUE
