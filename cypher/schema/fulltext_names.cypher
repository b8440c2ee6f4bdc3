// purpose: full-text search over names of entities, accounts, journalists and outlets
// params: none
// mode: schema
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Person|Place|Organization|Account|Journalist|Outlet|Spokesperson) ON EACH [n.name, n.aliases_text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}}
