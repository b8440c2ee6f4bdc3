// purpose: every Delivery (one alert, escalation or digest to one unit by one channel) has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT delivery_id IF NOT EXISTS
FOR (n:Delivery) REQUIRE n.id IS UNIQUE
