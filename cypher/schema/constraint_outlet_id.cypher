// purpose: every Outlet has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT outlet_id IF NOT EXISTS
FOR (n:Outlet) REQUIRE n.id IS UNIQUE
