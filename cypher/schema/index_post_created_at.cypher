// purpose: range index on Post.created_at
// params: none
// mode: schema
CREATE RANGE INDEX post_created_at IF NOT EXISTS
FOR (n:Post) ON (n.created_at)
