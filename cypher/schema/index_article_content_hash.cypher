// purpose: range index on Article.content_hash
// params: none
// mode: schema
CREATE RANGE INDEX article_content_hash IF NOT EXISTS
FOR (n:Article) ON (n.content_hash)
