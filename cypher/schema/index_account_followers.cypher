// purpose: range index on Account.followers
// params: none
// mode: schema
CREATE RANGE INDEX account_followers IF NOT EXISTS
FOR (n:Account) ON (n.followers)
