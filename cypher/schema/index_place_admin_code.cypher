// purpose: range index on Place.admin_code
// params: none
// mode: schema
CREATE RANGE INDEX place_admin_code IF NOT EXISTS
FOR (n:Place) ON (n.admin_code)
