// purpose: one ApiKey per key id
// params: none
// mode: schema
CREATE CONSTRAINT auth_api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE
