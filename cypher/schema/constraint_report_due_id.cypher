// purpose: every ReportDue has a unique, present id
// params: none
// mode: schema
CREATE CONSTRAINT report_due_id IF NOT EXISTS
FOR (n:ReportDue) REQUIRE n.id IS UNIQUE
