// purpose: full-text search over articles and posts (Vietnamese syllables with their tone marks, no stop words;
//          eventually consistent: indexed just after commit, so loads do not wait on Lucene)
// params: none
// mode: schema
CREATE FULLTEXT INDEX content_text IF NOT EXISTS
FOR (n:Article|Post) ON EACH [n.title, n.lead, n.text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: true}}
