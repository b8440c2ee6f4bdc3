// purpose: every ReportRequest has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT report_request_id IF NOT EXISTS
FOR (n:ReportRequest) REQUIRE n.id IS UNIQUE
