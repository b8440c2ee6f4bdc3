// purpose: range index on Article.detected_at
// params: none
// mode: schema
CREATE RANGE INDEX article_detected_at IF NOT EXISTS
FOR (n:Article) ON (n.detected_at)
