// purpose: every OutletReport has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT outlet_report_id IF NOT EXISTS
FOR (n:OutletReport) REQUIRE n.id IS UNIQUE
