// purpose: range index on Article.url
// params: none
// mode: schema
CREATE RANGE INDEX article_url IF NOT EXISTS
FOR (n:Article) ON (n.url)
