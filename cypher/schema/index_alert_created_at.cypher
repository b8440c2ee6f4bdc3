// purpose: range index on Alert.created_at
// params: none
// mode: schema
CREATE RANGE INDEX alert_created_at IF NOT EXISTS
FOR (n:Alert) ON (n.created_at)
