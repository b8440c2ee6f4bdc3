// purpose: range index on Journalist.name
// params: none
// mode: schema
CREATE RANGE INDEX journalist_name IF NOT EXISTS
FOR (n:Journalist) ON (n.name)
