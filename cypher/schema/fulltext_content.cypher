// purpose: full-text search over articles and posts (Vietnamese: syllables kept with their tone marks, no stop words)
// params: none
// mode: schema
CREATE FULLTEXT INDEX content_text IF NOT EXISTS
FOR (n:Article|Post) ON EACH [n.title, n.lead, n.text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: false}}
