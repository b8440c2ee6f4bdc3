// purpose: range index on Article.published_at
// params: none
// mode: schema
CREATE RANGE INDEX article_published_at IF NOT EXISTS
FOR (n:Article) ON (n.published_at)
