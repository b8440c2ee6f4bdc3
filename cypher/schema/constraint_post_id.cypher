// purpose: every Post has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT post_id IF NOT EXISTS
FOR (n:Post) REQUIRE n.id IS UNIQUE
