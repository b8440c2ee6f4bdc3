// purpose: range index on Story.first_seen_at
// params: none
// mode: schema
CREATE RANGE INDEX story_first_seen_at IF NOT EXISTS
FOR (n:Story) ON (n.first_seen_at)
