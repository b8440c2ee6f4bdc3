// purpose: range index on Post.url
// params: none
// mode: schema
CREATE RANGE INDEX post_url IF NOT EXISTS
FOR (n:Post) ON (n.url)
